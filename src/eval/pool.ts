/** `work` mapped through `task` with at most `limit` tasks in flight; results in input order. */
export async function mapBounded<T, R>(
  work: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(work.length);
  let next = 0;
  const worker = async () => {
    while (next < work.length) {
      const index = next++;
      results[index] = await task(work[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, work.length)) }, worker));
  return results;
}

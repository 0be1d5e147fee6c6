/**
 * Memoize a function of a string, keeping at most `capacity` results (the oldest are dropped first).
 * Datasets repeat the same system prompt and stock replies on thousands of lines; this computes each once.
 */
export function boundedMemo<T>(
  compute: (key: string) => T,
  capacity = 10_000,
  maxKeyLength = 20_000,
): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    if (key.length > maxKeyLength) return compute(key);
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const value = compute(key);
    if (cache.size >= capacity) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
    cache.set(key, value);
    return value;
  };
}

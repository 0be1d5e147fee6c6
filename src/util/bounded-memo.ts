/**
 * Memoize a function of a string, keeping between `capacity` and twice that many results. Datasets repeat the
 * same system prompt and stock replies on thousands of lines; this computes each once.
 *
 * Two generations instead of a least-recently-used list: when the young map is full it becomes the old one and
 * the previous old one is dropped, and a hit in the old map is moved to the young one. Every operation is O(1);
 * evicting the oldest key of one `Map` (`keys().next()` then `delete`) is not, because V8 walks the deleted
 * slots at the front of the table until it is rehashed, which on unique keys cost more than the work memoized.
 */
export function boundedMemo<T>(
  compute: (key: string) => T,
  capacity = 10_000,
  maxKeyLength = 20_000,
): (key: string) => T {
  let young = new Map<string, T>();
  let old = new Map<string, T>();
  return (key) => {
    if (key.length > maxKeyLength) return compute(key);
    const hit = young.get(key);
    if (hit !== undefined) return hit;
    const aged = old.get(key);
    const value = aged !== undefined ? aged : compute(key);
    if (young.size >= capacity) {
      old = young;
      young = new Map();
    }
    young.set(key, value);
    return value;
  };
}

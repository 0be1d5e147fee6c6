/**
 * `target.push(...items)` without spreading: a spread passes every item as an argument, and an array of a
 * few hundred thousand items (the values of one 5 MB line) overflows the call stack.
 */
export function append<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

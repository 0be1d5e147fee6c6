import { boundedMemo } from '../util/bounded-memo.js';
import type { DetectOptions, Value, ValueDetector } from './value.js';

/**
 * A detector that remembers its answers for texts it has seen (without options), for datasets where the
 * same system prompt or stock reply appears on many lines. Returned arrays are shared: do not mutate them.
 */
export function cachedDetector(detector: ValueDetector, capacity = 10_000): ValueDetector {
  const detect = boundedMemo((text) => detector.detect(text), capacity);
  return {
    detect: (text: string, options?: DetectOptions): Value[] =>
      options ? detector.detect(text, options) : detect(text),
  };
}

// The value detector: typed spans in text that go stale (facts), belong to one customer (state) or identify
// someone (private). One detector serves lint, audit and the grounding check of ask.
import { createValueDetector } from './detector.js';
import type { DetectOptions, Value } from './value.js';

export { createValueDetector } from './detector.js';
export { ssnValid } from './national-id.js';
export { ibanValid, luhnValid } from './payment.js';
export * from './value.js';

let shared: ReturnType<typeof createValueDetector> | undefined;

/** Detects values with a detector shared across calls (recognizers keep no state between texts). */
export function detectValues(text: string, options?: DetectOptions): Value[] {
  shared ??= createValueDetector();
  return shared.detect(text, options);
}

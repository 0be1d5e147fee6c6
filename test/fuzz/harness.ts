import fc from 'fast-check';
import { expect } from 'vitest';
import { SeamError } from '../../src/errors.js';

/**
 * Fuzzing rules shared by the fuzz tests: an input may be accepted or refused with a Seam error, but never
 * crash with another error (a stack trace for the user) and never take longer than its budget.
 * `SEAM_FUZZ_RUNS` raises the number of runs (default: a few seconds per property in `npm test`).
 */
export const fuzzRuns = Number(process.env.SEAM_FUZZ_RUNS ?? 150);
/** Wall time one property may use in `npm test`; it stops early (and passes) when the time is up. */
export const propertyTimeLimitMs = Number(process.env.SEAM_FUZZ_TIME_MS ?? 2500);
/** One input must finish within this: generous, as tests share a loaded machine, yet far below a hang. */
export const inputBudgetMs = 2000;

export const fuzzParameters: fc.Parameters<unknown> = {
  numRuns: fuzzRuns,
  interruptAfterTimeLimit: propertyTimeLimitMs,
  markInterruptAsFailure: false,
};

/** Run one input: a thrown error must be a Seam error, and the call must finish within the budget. */
export async function expectSeamOutcome(action: () => unknown, input: unknown): Promise<void> {
  const started = performance.now();
  try {
    await action();
  } catch (error) {
    if (!SeamError.isInstance(error)) {
      throw new Error(`not a Seam error for input ${JSON.stringify(input)?.slice(0, 300)}: ${String(error)}`, {
        cause: error,
      });
    }
  }
  const elapsed = performance.now() - started;
  expect(elapsed, `over the time budget for input ${JSON.stringify(input)?.slice(0, 300)}`).toBeLessThan(inputBudgetMs);
}

/** A string built from the given pieces, so random input hits the syntax that matters. */
export function textFrom(pieces: readonly string[], maxLength = 200): fc.Arbitrary<string> {
  return fc
    .array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 3 })), { maxLength })
    .map((parts) => parts.join(''));
}

/** Deep nesting: one marker repeated up to 3,000 times before some text. */
export function deeplyNested(markers: readonly string[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...markers), fc.integer({ min: 0, max: 3000 }), fc.string({ maxLength: 20 }))
    .map(([marker, depth, tail]) => `${marker.repeat(depth)}${tail}`);
}

const yamlKeys = [
  'id',
  'title',
  'collection',
  'acl',
  'tags',
  'subjects',
  'effective_from',
  'effective_until',
  'owner',
  '<<',
];

/** Front matter that is mostly well-formed YAML: known keys, anchors, aliases, flow collections, odd scalars. */
export function frontMatterYaml(): fc.Arbitrary<string> {
  const { value } = fc.letrec<{ value: string; scalar: string; anchored: string; flow: string; map: string }>(
    (tie) => ({
      scalar: fc.oneof(
        fc.constantFrom('x', 'support', '2026-05-01', '2026-02-31', '2026-05-01T10:00:00Z', 'null', '~', '1e999'),
        fc.constantFrom('0x1F', '.inf', '!!binary aGk=', '!!set {a, b}', '!custom x', '"q"', "'s'", '*a', '*b', ''),
        fc.string({ maxLength: 6 }),
      ),
      anchored: fc.tuple(fc.constantFrom('&a ', '&b '), tie('value')).map(([anchor, inner]) => anchor + inner),
      flow: fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(', ')}]`),
      map: fc
        .array(fc.tuple(fc.constantFrom(...yamlKeys), tie('value')), { maxLength: 3 })
        .map((pairs) => `{${pairs.map(([key, inner]) => `${key}: ${inner}`).join(', ')}}`),
      value: fc.oneof({ depthSize: 'small' }, tie('scalar'), tie('anchored'), tie('flow'), tie('map')),
    }),
  );
  const pairs = fc.uniqueArray(fc.tuple(fc.constantFrom(...yamlKeys, 'x y', '? [a]'), value), {
    selector: ([key]) => key,
    maxLength: 4,
  });
  return pairs.map((lines) => lines.map(([key, inner]) => `${key}: ${inner}`).join('\n'));
}

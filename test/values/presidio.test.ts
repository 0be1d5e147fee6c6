import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createValueDetector } from '../../src/values/index.js';

// The shared data sits beside the repository: <repo>/../shared/data (see ../shared/data/README.md).
const repository = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const presidio = join(repository, '..', 'shared', 'data', 'presidio');

interface Sample {
  full_text: string;
  spans: Array<{ entity_type: string; start_position: number; end_position: number }>;
}

function load(name: string): Sample[] {
  return JSON.parse(readFileSync(join(presidio, name), 'utf8')) as Sample[];
}

describe.skipIf(!existsSync(presidio))(
  'presidio-research sentences (skipped: ../shared/data/presidio is absent)',
  () => {
    const detector = createValueDetector();

    it.each(['generated_small.json', 'generated_large.json', 'synth_dataset_v2.json'])(
      'every value of %s is the slice of the text it points at, in order and without overlaps',
      (name) => {
        for (const sample of load(name)) {
          let previousEnd = 0;
          for (const value of detector.detect(sample.full_text)) {
            expect(value.text).toBe(sample.full_text.slice(value.start, value.end));
            expect(value.start).toBeGreaterThanOrEqual(previousEnd);
            previousEnd = value.end;
          }
        }
      },
    );

    it('finds most card numbers, emails, IBANs and SSNs of the development set', () => {
      const exact: Record<string, string> = {
        CREDIT_CARD: 'card',
        EMAIL_ADDRESS: 'email',
        IBAN_CODE: 'iban',
        US_SSN: 'national_id',
      };
      let annotated = 0;
      let found = 0;
      for (const sample of load('generated_large.json')) {
        const values = detector.detect(sample.full_text, { classes: ['private'] });
        for (const span of sample.spans) {
          const kind = exact[span.entity_type];
          if (kind === undefined) continue;
          annotated += 1;
          if (values.some((v) => v.kind === kind && v.start <= span.start_position && v.end >= span.end_position))
            found += 1;
        }
      }
      expect(annotated).toBeGreaterThan(100);
      expect(found / annotated).toBeGreaterThan(0.95);
    });
  },
);

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type EvalConfig, parseEvalConfig } from '../../../src/eval/eval-config.js';
import { chargebacks, makeKb, refunds, shipping, type TestKb } from '../../ask/helpers/kb.js';

/** A support page whose first version named a person's address, removed by the second version. */
export const escalations = (contact: string) => `---
id: escalations
title: Escalations
collection: policy
---
# Escalations

## Escalation contact

Send unresolved complaints to ${contact} within two business days.
`;

/**
 * The test store of the ask tests (a refund policy, a billing-only chargeback playbook, shipping;
 * principals sam, bea, ana, ben) plus an escalations page whose contact address an edit removed.
 * The refund window is 30 days until `editPolicy` makes it 14.
 */
export async function makeEvalKb(): Promise<TestKb & { editPolicy: () => Promise<number> }> {
  const kb = await makeKb([refunds('30 days'), chargebacks, shipping]);
  await kb.put(escalations('the escalations lead at owner.escalations@tidewater.example'));
  await kb.put(escalations('the escalations queue'));
  return { ...kb, editPolicy: () => kb.put(refunds('14 days')) };
}

/** A configuration from JSON text, written to `<dir>/<name>.json` (so errors and names are the CLI's). */
export function configFile(dir: string, name: string, config: unknown): { path: string; config: EvalConfig } {
  const path = join(dir, `${name}.json`);
  const text = `${JSON.stringify(config, null, 2)}\n`;
  writeFileSync(path, text);
  return { path, config: parseEvalConfig({ text, file: `${name}.json`, baseDir: dir }) };
}

/** An OpenAI-compatible model at a local server; no key, no retries inside the SDK (the eval retries). */
export const localModel = (url: string, model: string) => ({
  provider: 'openai-compatible',
  model,
  base_url: url,
  max_retries: 0,
});

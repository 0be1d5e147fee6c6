import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.js';
import { startFixtureServer } from './fixture.js';

/** `GET /openapi.json` describes every route completely, and `redocly lint` (recommended rules) finds nothing. */

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixture = await startFixtureServer();
const document = (await (await fixture.request('/openapi.json', { as: 'sam' })).json()) as {
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, { items?: { properties?: object } }> }> };
};

interface Operation {
  operationId?: string;
  requestBody?: unknown;
  security?: unknown[];
  responses: Record<string, { headers?: Record<string, unknown> }>;
}

const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })),
);

describe('the OpenAPI document', () => {
  it('names every operation, once', () => {
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(ids.filter((id) => id === undefined)).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(operations.length).toBeGreaterThanOrEqual(11);
  });

  it('declares 413 wherever a body is accepted, and 401, 429 and 503 on every route behind the token', () => {
    for (const { name, operation } of operations) {
      if (operation.requestBody) expect(Object.keys(operation.responses), name).toContain('413');
      if (operation.security)
        expect(Object.keys(operation.responses), name).toEqual(expect.arrayContaining(['401', '429', '503']));
    }
  });

  it('declares the ETag a document read or write sends, the server, and history’s redacted_by', () => {
    const document_ = document.paths['/v1/documents/{id}'] ?? {};
    expect(Object.keys(document_.get?.responses['200']?.headers ?? {})).toContain('ETag');
    expect(Object.keys(document_.put?.responses['200']?.headers ?? {})).toContain('ETag');
    expect(document.servers).toEqual([expect.objectContaining({ url: fixture.url })]);
    const versions = document.components.schemas.History?.properties?.versions?.items?.properties ?? {};
    expect(Object.keys(versions)).toContain('redacted_by');
  });

  it('is clean under redocly lint (recommended rules, run offline)', { timeout: 120_000 }, async () => {
    const file = join(tempDir('seam-openapi-'), 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    const cli = join(root, 'node_modules/@redocly/cli/bin/cli.js');
    const run = promisify(execFile);
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
    const result = await run(
      process.execPath,
      [cli, 'lint', file, '--config', join(root, 'redocly.yaml'), '--format', 'json'],
      { env, cwd: root, timeout: 110_000 },
    ).catch((error: { stdout?: string; stderr?: string; code?: number }) => error);
    const report = JSON.parse(result.stdout ?? '{}') as {
      totals?: Record<string, number>;
      problems?: { ruleId: string; message: string }[];
    };
    const problems = (report.problems ?? []).map((problem) => `${problem.ruleId}: ${problem.message}`);
    expect(problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { namedParameters } from '../../src/config/behavior-config.js';
import { loadConfig, parseConfig } from '../../src/config/load-config.js';
import { InputError } from '../../src/errors.js';
import { tempDir } from '../helpers/temp.js';

const dir = tempDir('seam-config-');

function problem(text: string): InputError {
  try {
    parseConfig(text, 'seam.config.json', dir);
  } catch (error) {
    if (InputError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the config to be refused');
}

describe('seam.config.json', () => {
  it('uses the defaults when there is no file: extractive, numbered list, no connectors', async () => {
    const loaded = await loadConfig({ cwd: dir });
    expect(loaded.path).toBeNull();
    expect(loaded.config).toMatchObject({
      model: 'extractive',
      format: { type: 'numbered_list', max_items: 5 },
      grounding: 'remove',
      connectors: [],
      refusal: { message: "The policy doesn't cover that." },
    });
  });

  it('reads seam.config.json from the current folder, and resolves connector paths against it', async () => {
    const project = tempDir('seam-project-');
    writeFileSync(
      join(project, 'seam.config.json'),
      JSON.stringify({
        format: 'short_prose',
        connectors: [
          {
            name: 'orders',
            kind: 'sql',
            roles: ['customer'],
            database: 'state.db',
            query: 'SELECT 1 WHERE :principal',
          },
        ],
      }),
    );
    const loaded = await loadConfig({ cwd: project });
    expect(loaded.path).toBe(join(project, 'seam.config.json'));
    expect(loaded.config.format).toEqual({ type: 'short_prose', max_sentences: 3 });
    expect(loaded.config.connectors[0]).toMatchObject({ database: join(project, 'state.db'), max_records: 20 });
  });

  it('refuses a --config file that does not exist, naming it', async () => {
    await expect(loadConfig({ cwd: dir, path: 'missing.json' })).rejects.toThrow('missing.json: no such file');
  });

  it('reports a JSON syntax error with its line', () => {
    const error = problem('{\n  "grounding": "remove",\n  "format": "short_prose",\n}\n');
    expect(error.file).toBe('seam.config.json');
    expect(error.line).toBe(4);
    expect(error.message).toMatch(/^seam\.config\.json:4: not valid JSON/);
  });

  it('names the file, line and field of a bad value', () => {
    const text = [
      '{',
      '  "voice": { "max_words": 120 },',
      '  "connectors": [',
      '    { "name": "orders", "kind": "sql", "database": "state.db",',
      '      "query": "SELECT * FROM orders WHERE customer_id = :principal",',
      '      "roles": [] }',
      '  ]',
      '}',
    ].join('\n');
    const error = problem(text);
    expect(error.field).toBe('connectors[0].roles');
    expect(error.line).toBe(6);
    expect(error.message).toBe('seam.config.json:6: connectors[0].roles: must list at least one role');
  });

  it('refuses unknown keys (a typo is an error, not a silently ignored setting)', () => {
    const error = problem('{\n  "voice": {\n    "instruction": "be brief"\n  }\n}');
    expect(error.field).toBe('voice.instruction');
    expect(error.line).toBe(3);
  });

  it('reports every problem at once', () => {
    const error = problem('{ "grounding": "delete", "format": "bullets" }');
    expect(error.others.map((other) => other.field).sort()).toEqual(['format.type', 'grounding']);
  });

  it('refuses SQL parameters other than :principal and :now: a question can never supply one', () => {
    const error = problem(
      JSON.stringify({
        connectors: [
          {
            name: 'orders',
            kind: 'sql',
            roles: ['customer'],
            database: 'x.db',
            query: 'SELECT * FROM orders WHERE order_id = :order_id',
          },
        ],
      }),
    );
    expect(error.field).toBe('connectors[0].query');
    expect(error.message).toContain('found :order_id');
    expect(namedParameters("SELECT ':fake' AS a, x FROM t WHERE c = :principal AND d < @now -- :comment")).toEqual([
      'principal',
      'now',
    ]);
  });

  it('refuses a JSON schema format whose schema Seam cannot check, and a malformed model', () => {
    expect(problem('{ "format": { "type": "json_schema", "schema": { "type": "banana" } } }').field).toBe(
      'format.schema',
    );
    expect(problem('{ "model": "gpt-4o" }').field).toBe('model');
  });

  it('refuses duplicate connector names', () => {
    const connector = { kind: 'function', roles: ['customer'], module: 'x.mjs', name: 'plan' };
    expect(problem(JSON.stringify({ connectors: [connector, connector] })).field).toBe('connectors[1].name');
  });
});

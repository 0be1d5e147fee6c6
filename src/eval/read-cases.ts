import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { fieldName } from '../config/load-config.js';
import { InputError, type InputLocation, IoError } from '../errors.js';
import { parseJsonLine } from '../util/jsonl.js';
import { type EvalCase, evalCaseSchema } from './eval-case.js';

/**
 * Read eval cases from a YAML file (a list of cases, or `{ cases: [...] }`) or a JSONL file (one case
 * per line; `.jsonl` / `.ndjson`). Every problem names the file, line and field
 * (`cases.yaml:7: [1].expect.cites[0]: must be a document id or 'id@version'`), all at once; a file
 * with any bad case yields nothing. A case without an `id` gets `<file>:<line>`; ids must be unique.
 */
export async function readCaseFile(file: string, options: { cwd?: string } = {}): Promise<EvalCase[]> {
  let text: string;
  try {
    text = await readFile(resolve(options.cwd ?? '.', file), 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    if (missing) throw new InputError('no such file', { file });
    throw new IoError(`cannot read ${file}: ${(error as Error).message}`, file);
  }
  return /\.(jsonl|ndjson)$/i.test(file) ? parseJsonlCases(text, file) : parseYamlCases(text, file);
}

export function parseJsonlCases(text: string, file: string): EvalCase[] {
  const problems: Problem[] = [];
  const cases: EvalCase[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    const parsed = parseJsonLine(raw);
    if (!parsed.ok) {
      problems.push({ problem: `not valid JSON: ${parsed.reason}`, location: { file, line } });
      return;
    }
    const result = evalCaseSchema.safeParse(parsed.value);
    if (!result.success) {
      for (const issue of result.error.issues) {
        problems.push({ problem: issue.message, location: { file, line, field: fieldName(issuePath(issue)) } });
      }
      return;
    }
    cases.push({ ...result.data, id: result.data.id ?? `${file}:${line}` });
  });
  return checked(cases, problems, file);
}

export function parseYamlCases(text: string, file: string): EvalCase[] {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const [syntax] = document.errors;
  if (syntax) {
    const line = syntax.linePos?.[0]?.line;
    throw new InputError(`not valid YAML: ${syntax.message.split('\n')[0]}`, { file, line });
  }
  const root: unknown = document.toJS();
  const wrapped = root !== null && typeof root === 'object' && !Array.isArray(root) && 'cases' in root;
  const list = wrapped ? (root as { cases: unknown }).cases : root;
  const prefix = wrapped ? ['cases'] : [];
  if (!Array.isArray(list)) {
    throw new InputError('expected a list of cases (or `cases:` with a list)', { file, line: 1 });
  }
  const lineOf = (path: readonly (string | number)[]): number | undefined => {
    for (let length = path.length; length >= 0; length--) {
      const node = document.getIn([...prefix, ...path.slice(0, length)], true) as { range?: [number] } | undefined;
      if (node?.range) return lines.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const problems: Problem[] = [];
  const cases: EvalCase[] = [];
  list.forEach((item: unknown, index) => {
    const result = evalCaseSchema.safeParse(item);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const path = [index, ...issuePath(issue)];
        problems.push({ problem: issue.message, location: { file, line: lineOf(path), field: fieldName(path) } });
      }
      return;
    }
    cases.push({ ...result.data, id: result.data.id ?? `${file}:${lineOf([index]) ?? index + 1}` });
  });
  return checked(cases, problems, file);
}

/** Unknown keys are reported on their parent; point at the key itself. */
function issuePath(issue: z.core.$ZodIssue): (string | number)[] {
  const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
  return issue.code === 'unrecognized_keys' && issue.keys[0] ? [...path, issue.keys[0]] : path;
}

interface Problem {
  problem: string;
  location: InputLocation;
}

function checked(cases: EvalCase[], problems: Problem[], file: string): EvalCase[] {
  const seen = new Set<string>();
  for (const entry of cases) {
    if (seen.has(entry.id))
      problems.push({ problem: `case id '${entry.id}' is used twice`, location: { file, field: 'id' } });
    seen.add(entry.id);
  }
  const [first] = problems;
  if (!first) return cases;
  const others = problems.length > 1 ? problems.map((entry) => new InputError(entry.problem, entry.location)) : [];
  throw new InputError(first.problem, first.location, others);
}

import { InputError } from '../errors.js';
import { type CaseKind, caseKinds } from './eval-case.js';
import { type EvalReport, type PassCount, rate } from './eval-report.js';

/** One `--min-pass` limit: the pass rate of a kind (or `all`), for one configuration or every one. */
export interface MinPass {
  config: string | undefined;
  kind: CaseKind | 'all';
  rate: number;
}

/**
 * Parse `--min-pass currency=1,permission=1,rag:format=0.9`: `kind=rate` applies to every
 * configuration, `config:kind=rate` to one; `all` is every kind together. Rates run from 0 to 1.
 */
export function parseMinPass(spec: string, configNames: readonly string[]): MinPass[] {
  return spec
    .split(',')
    .filter(Boolean)
    .map((part) => {
      const match = /^(?:([^:=]+):)?([a-z_]+)=([0-9.]+)$/.exec(part.trim());
      const limit = Number(match?.[3]);
      const kind = match?.[2];
      const config = match?.[1];
      const known = kind === 'all' || (caseKinds as readonly string[]).includes(kind ?? '');
      if (!match || !known || !(limit >= 0 && limit <= 1) || (config !== undefined && !configNames.includes(config))) {
        throw new InputError(
          `expected [config:]kind=rate with a rate from 0 to 1, kinds from all, ${caseKinds.join(', ')}, configurations from ${configNames.join(', ')}; got '${part}'`,
          { field: '--min-pass' },
        );
      }
      return { config, kind: kind as MinPass['kind'], rate: limit };
    });
}

/**
 * The limits a report falls below, as lines a person can read ("closed-book currency: 0/2 passed, below
 * 100%"), and the limits on a kind that has no cases at all.
 */
export function belowMinPass(report: EvalReport, limits: readonly MinPass[]): string[] {
  const failures: string[] = [];
  for (const limit of limits) {
    for (const config of report.configs) {
      if (limit.config !== undefined && limit.config !== config.name) continue;
      const summary = report.summary[config.name] ?? {};
      const count: PassCount =
        limit.kind === 'all'
          ? Object.values(summary).reduce((sum, c) => ({ passed: sum.passed + c.passed, total: sum.total + c.total }), {
              passed: 0,
              total: 0,
            })
          : (summary[limit.kind] ?? { passed: 0, total: 0 });
      // A gate on a kind with no cases fails: an empty eval must never pass a CI check silently.
      if (count.total === 0) {
        failures.push(
          `${config.name} ${limit.kind}: no cases to gate on (none given, none generated or every generated probe dropped; see the notes)`,
        );
      } else if (rate(count) < limit.rate) {
        failures.push(
          `${config.name} ${limit.kind}: ${count.passed}/${count.total} passed, below ${Math.round(limit.rate * 100)}%`,
        );
      }
    }
  }
  return failures;
}

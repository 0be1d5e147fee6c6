import type { CaseReport, EvalReport } from './eval-report.js';

/**
 * The run as JUnit XML, the report format CI systems read: one `<testsuite>` per configuration and, in
 * it, one `<testcase>` per case (`classname` = configuration.kind, `name` = the case id and question).
 * A failing case has a `<failure>` whose message is its reasons; a provider error is an `<error>`; a
 * stale case (pinned to a version that moved on) is `<skipped>`.
 */
export function renderEvalJunit(report: EvalReport, options: { generatedAt: string }): string {
  const suites = report.configs.map((config) => {
    const entries = report.cases.map((entry) => ({ entry, result: entry.results[config.name] }));
    const failures = entries.filter(({ entry, result }) => !entry.stale && result && !result.pass && !result.error);
    const errors = entries.filter(({ entry, result }) => !entry.stale && result?.error);
    const skipped = entries.filter(({ entry }) => entry.stale);
    const seconds = entries.reduce((sum, { result }) => sum + (result?.ms ?? 0), 0) / 1000;
    const cases = entries.map(({ entry, result }) => testCase(config.name, entry, result));
    return (
      `  <testsuite name="${attribute(config.name)}" tests="${entries.length}" failures="${failures.length}" ` +
      `errors="${errors.length}" skipped="${skipped.length}" time="${seconds.toFixed(3)}" timestamp="${attribute(options.generatedAt.slice(0, 19))}">\n` +
      `    <properties>\n` +
      `      <property name="composer" value="${attribute(config.composer)}"/>\n` +
      `      <property name="retrieval" value="${config.retrieval}"/>\n` +
      (config.frozen_at ? `      <property name="frozen_at" value="${attribute(config.frozen_at)}"/>\n` : '') +
      `    </properties>\n${cases.join('')}  </testsuite>\n`
    );
  });
  const count = (predicate: (entry: CaseReport, pass: boolean | undefined, error: boolean) => boolean) =>
    report.configs.reduce(
      (sum, config) =>
        sum +
        report.cases.filter((entry) => {
          const result = entry.results[config.name];
          return predicate(entry, result?.pass, Boolean(result?.error));
        }).length,
      0,
    );
  const tests = report.cases.length * report.configs.length;
  const failures = count((entry, pass, error) => !entry.stale && pass === false && !error);
  const errors = count((entry, _pass, error) => !entry.stale && error);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="seam eval" tests="${tests}" failures="${failures}" errors="${errors}" time="${(report.timings.wall_ms / 1000).toFixed(3)}">\n` +
    `${suites.join('')}</testsuites>\n`
  );
}

function testCase(config: string, entry: CaseReport, result: CaseReport['results'][string] | undefined): string {
  const name = `${entry.id}: ${entry.question}${entry.as ? ` (as ${entry.as})` : ''}`;
  const open = `    <testcase classname="${attribute(`${config}.${entry.kind}`)}" name="${attribute(name)}" time="${((result?.ms ?? 0) / 1000).toFixed(3)}"`;
  if (entry.stale) {
    const moved = entry.stale.served === null ? 'the document is gone' : `now v${entry.stale.served}`;
    return `${open}>\n      <skipped message="${attribute(`stale: cites ${entry.stale.cites}, ${moved}`)}"/>\n    </testcase>\n`;
  }
  if (!result) return `${open}>\n      <skipped message="not run"/>\n    </testcase>\n`;
  if (result.pass) return `${open}/>\n`;
  const reasons = result.reasons.join('; ');
  const body = [`reasons: ${reasons}`, `answer: ${result.answer}`, `expect: ${JSON.stringify(entry.expect)}`].join(
    '\n',
  );
  const element = result.error ? 'error' : 'failure';
  return `${open}>\n      <${element} message="${attribute(reasons)}" type="${attribute(entry.kind)}">${text(body)}</${element}>\n    </testcase>\n`;
}

/** Characters XML 1.0 cannot hold at all (most control characters), replaced. */
const invalid = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function text(value: string): string {
  return value.replace(invalid, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attribute(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

import { pathToFileURL } from 'node:url';
import { type Finding, type FindingKind, findingPath, formatCodes } from './findings.js';
import type { LintResult } from './lint.js';

const kindHelp: Record<FindingKind, string> = {
  format: 'The line does not have the structure the fine-tuning API expects.',
  frozen_fact:
    'A training target states a value the knowledge store owns today; trained into weights, it cannot be edited when the document changes.',
  superseded_fact:
    'A training target states a value that only an earlier version of a document stated: the example is already stale.',
  time_sensitive:
    'A training target states a value of a kind that goes stale, supplied by neither the store nor the context.',
  business_state: "A training target states one customer's state (ids, balances) that the example does not supply.",
  private_data: 'Personal data in the dataset: a person can ask to be forgotten, and weights cannot forget.',
  grounded: "The value is supplied by the example's own context: the target teaches the behavior of using context.",
};

const level = { error: 'error', warning: 'warning', info: 'note' } as const;

/** SARIF 2.1.0, so findings show up in code review. One rule per finding kind and code. */
export function toSarif(result: LintResult, datasetPath: string, toolVersion: string): object {
  const ruleIds = [...new Set(result.findings.map(ruleId))].sort();
  const artifact = { uri: pathToFileURL(datasetPath).href };
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'seam-lint',
            version: toolVersion,
            rules: ruleIds.map((id) => {
              const [kind, code] = id.split('/') as [FindingKind, string];
              const fix = kind === 'format' ? formatCodes[code as keyof typeof formatCodes]?.fix : undefined;
              return {
                id,
                name: `${kind}.${code}`,
                shortDescription: { text: `${kind.replace(/_/g, ' ')}: ${code.replace(/_/g, ' ')}` },
                fullDescription: { text: kindHelp[kind] },
                ...(fix ? { help: { text: fix } } : {}),
              };
            }),
          },
        },
        artifacts: [{ location: artifact }],
        results: result.findings.map((finding) => ({
          ruleId: ruleId(finding),
          ruleIndex: ruleIds.indexOf(ruleId(finding)),
          level: level[finding.severity],
          message: { text: `${finding.explanation}. Fix: ${finding.fix}` },
          locations: [
            {
              physicalLocation: { artifactLocation: artifact, region: { startLine: finding.line } },
              logicalLocations: [{ fullyQualifiedName: logicalName(finding), kind: 'member' }],
            },
          ],
          properties: {
            kind: finding.kind,
            ...(finding.message === undefined ? {} : { message: finding.message }),
            ...(finding.content_part === undefined ? {} : { content_part: finding.content_part }),
            ...(finding.tool_call === undefined ? {} : { tool_call: finding.tool_call }),
            ...(finding.value === undefined ? {} : { value: finding.value, start: finding.start, end: finding.end }),
            ...(finding.source ? { source: finding.source } : {}),
          },
        })),
      },
    ],
  };
}

function ruleId(finding: Finding): string {
  return `${finding.kind}/${finding.code}`;
}

function logicalName(finding: Finding): string {
  const path = findingPath(finding);
  return path === undefined ? `line ${finding.line}` : `line ${finding.line}: ${path}`;
}

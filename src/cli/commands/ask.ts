import type { Command } from 'commander';
import { readerOrOperator } from '../../access.js';
import type { AskResult } from '../../ask/ask-result.js';
import { pc } from '../../util/colors.js';
import { asOfInstant, emit, type Io, parseCount, readStore } from '../context.js';
import { effectiveRange, plural } from '../format.js';

interface AskFlags {
  as?: string;
  config?: string;
  asOf?: string;
  k?: number;
}

export function registerAskCommand(program: Command, io: Io): void {
  program
    .command('ask')
    .description(
      'answer a question as a principal: policy retrieved now, their state fetched, house voice and format, cited',
    )
    .argument('<question>', 'the question, in quotes')
    .option('--as <principal>', 'ask as this principal (default: the local operator, who sees every document)')
    .option('--config <file>', 'behavior config (default: seam.config.json in the current directory, if any)')
    .option('--as-of <date>', 'answer from the documents in effect on this date')
    .option(
      '-k, --k <n>',
      'passages to retrieve (default: the config, else 5)',
      parseCount('--k', { min: 1, max: 1000 }),
    )
    .addHelpText(
      'after',
      `
The answer comes from passages the principal may read, in effect today, and from the business-state
connectors their roles allow (bound to their own id). Every value in it must appear in those sources.
Without a model configured (config "model" or $SEAM_MODEL), the extractive composer answers: it quotes
the sentences that answer. Either way it declines ("no_coverage") when the permitted passages do not
cover the question: a noun no passage mentions ("Canada"), too little of its weighted words, or no value
of the kind asked ("how much"); --json's trace.coverage says which words and why. Sections marked
{internal} are quoted only to principals with the role agent. A refusal is an answer: exit 0.

Exit codes: 0 answered or declined; 2 usage, config, store or model error.

Examples:
  $ seam ask "How long do I have to return a bag?" --as cust-ana
  $ seam ask "Where is my order?" --as cust-ana --config .seam/seam.config.json
  $ seam ask "How do we handle a chargeback?" --as bea --json | jq .citations
  $ seam ask "Do you ship to Canada?" --as cust-ana --json | jq .trace.coverage.missing
  $ SEAM_MODEL=openai:gpt-4o-mini seam ask "What is the refund window?" --as sam
  $ SEAM_MODEL=ollama:llama3.1 seam ask "What is the refund window?"`,
    )
    .action(async (question: string, flags: AskFlags, command: Command) => {
      // The pipeline (value detector, connectors, model SDKs) loads on use, so other commands stay fast.
      const { loadConfig } = await import('../../config/load-config.js');
      const { ask } = await import('../../ask/ask.js');
      const loaded = await loadConfig({ path: flags.config, cwd: io.cwd });
      const config =
        flags.k === undefined
          ? loaded.config
          : { ...loaded.config, retrieval: { ...loaded.config.retrieval, k: flags.k } };
      const asOf = flags.asOf === undefined ? undefined : asOfInstant(flags.asOf, io);
      const result = await readStore(command, io, async (store) =>
        ask({
          question,
          reader: await readerOrOperator(store, flags.as),
          store,
          config,
          env: io.env,
          now: io.now,
          asOf,
        }),
      );
      for (const warning of result.warnings) io.stderr(`warning: ${warning}\n`);
      emit(command, io, result, () => renderAnswer(result));
    });
}

/** The answer for a person: the text, its sources, the state used, refusal or handoff, and a trace line. */
export function renderAnswer(result: AskResult): string {
  const lines = [result.answer, ''];
  if (result.refused && result.refusal) {
    lines.push(pc.yellow(`declined (${result.refusal.reason}): ${result.refusal.detail}`));
  }
  if (result.citations.length > 0) {
    lines.push(pc.bold('Sources'));
    for (const citation of result.citations) {
      const dates = effectiveRange(citation.effective_from, null);
      lines.push(`  ${citation.id} v${citation.version}  ${citation.title}${dates ? pc.dim(`  (${dates})`) : ''}`);
    }
  }
  if (result.state_used.length > 0) {
    lines.push(pc.bold('State'));
    for (const state of result.state_used)
      lines.push(`  ${state.connector}: ${plural(state.records.length, 'record')}`);
  }
  if (result.handoff) {
    const queue = result.handoff.queue ? ` to ${result.handoff.queue}` : '';
    lines.push(pc.magenta(`handoff${queue} (${result.handoff.reason}): ${result.handoff.detail}`));
  }
  lines.push(pc.dim(traceLine(result)));
  return lines.join('\n');
}

function traceLine(result: AskResult): string {
  const { trace } = result;
  const who =
    trace.principal.id === null
      ? 'operator'
      : `${trace.principal.id} [${trace.principal.roles.join(',') || 'no roles'}]`;
  const connectors = trace.connectors
    .map((call) => `${call.name} ${call.status}${call.status === 'skipped' ? '' : ` ${call.ms} ms`}`)
    .join(', ');
  const grounding =
    trace.grounding.action === 'none'
      ? `${plural(trace.grounding.values, 'value')} grounded`
      : `${trace.grounding.ungrounded.length} ungrounded ${trace.grounding.action}`;
  return [
    `trace: as ${who}`,
    `${plural(trace.hits.length, 'hit')} (${trace.hits.filter((hit) => hit.used).length} used)`,
    connectors ? `connectors: ${connectors}` : 'no connectors',
    trace.composer,
    grounding,
    trace.validation.repair_attempted ? `repaired: ${trace.validation.initial_problems.join('; ')}` : undefined,
    `${trace.timings.total} ms`,
  ]
    .filter((part) => part !== undefined)
    .join(' · ');
}

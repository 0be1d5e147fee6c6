import type { ConnectorCall } from '../ask-result.js';
import { asksAboutOwn } from '../evidence/question.js';
import { contentTerms } from '../evidence/terms.js';
import { type AskStep, type FetchedState, handOff } from '../request-context.js';

/**
 * Call the connectors this principal may use and the question is about, with parameters bound to the
 * principal (never to anything in the question or a passage). Calls run in parallel; a failure is
 * recorded in the trace and the answer goes on without that state.
 */
export const fetchState: AskStep = async (context) => {
  const principal = context.principal;
  const questionTerms = new Set(contentTerms(context.question));
  const own = context.asked?.own ?? asksAboutOwn(context.question);
  const calls = context.connectors.map(async (connector): Promise<ConnectorCall> => {
    const call = { name: connector.name, kind: connector.kind, records: 0, ms: 0 };
    if (!principal || !context.allowedConnectors.has(connector.name)) {
      return { ...call, status: 'skipped', detail: 'not permitted for this principal' };
    }
    const mentioned = connector.when?.some((word) => contentTerms(word).some((term) => questionTerms.has(term)));
    if (connector.when !== undefined && !mentioned) {
      return { ...call, status: 'skipped', detail: 'the question does not mention it' };
    }
    // A `when` word in a general question ("can an order be changed after it ships?") asks about the policy, not
    // about this principal's records: the passages answer it, or it is declined.
    if (connector.when !== undefined && !own) {
      return { ...call, status: 'skipped', detail: "the question is not about the asker's own records" };
    }
    const triggered = mentioned === true;
    const started = performance.now();
    try {
      const records = await connector.fetch({
        principal: { id: principal.id, roles: principal.roles },
        now: context.at,
      });
      const fetched: FetchedState = { connector, records, triggered: triggered === true };
      context.state.push(fetched);
      return {
        ...call,
        status: 'ok',
        detail: `bound to principal ${principal.id}`,
        records: records.length,
        ms: elapsed(started),
      };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      context.warnings.push(`connector '${connector.name}' failed: ${message}`);
      if (context.config.handoff.on_connector_error) {
        handOff(context, 'connector_error', `connector '${connector.name}' failed`);
      }
      return { ...call, status: 'error', detail: message, ms: elapsed(started) };
    }
  });
  context.trace.connectors = await Promise.all(calls);
  // Keep the config's order, whatever order the calls finished in.
  const order = context.connectors.map((connector) => connector.name);
  context.state.sort((a, b) => order.indexOf(a.connector.name) - order.indexOf(b.connector.name));
};

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 1000) / 1000;
}

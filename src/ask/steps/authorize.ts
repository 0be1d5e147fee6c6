import { resolveAccess } from '../../access.js';
import { contentTerms } from '../evidence/terms.js';
import { type AskStep, handOff } from '../request-context.js';

/**
 * Decide, in code, what this request may do: which documents retrieval may return (pushed into the
 * query as a filter) and which connectors may run. Nothing later in the pipeline, and nothing in a
 * retrieved passage or a model's output, can change these decisions.
 */
export const authorize: AskStep = async (context) => {
  const access = await resolveAccess(context.store, context.as);
  context.access = access;
  const roles = [...access.filter.roles];
  context.principal = access.principal === null ? undefined : { id: access.principal, roles };
  context.trace.principal = { id: access.principal, known: access.known, roles };
  context.trace.permissions.push({
    subject: 'documents',
    decision: 'filter',
    detail: access.filter.all
      ? 'the local operator reads every document'
      : `public documents and those readable by: ${roles.join(', ') || 'no role'}`,
  });
  if (access.principal !== null && !access.known) {
    context.warnings.push(`principal '${access.principal}' is not registered: public documents only, no connectors`);
  }

  for (const connector of context.connectors) {
    const subject = `connector:${connector.name}` as const;
    const granted = connector.roles.find((role) => roles.includes(role));
    if (access.principal === null) {
      context.trace.permissions.push({
        subject,
        decision: 'deny',
        detail: 'the local operator has no principal id to bind; ask with --as',
      });
    } else if (!access.known || granted === undefined) {
      context.trace.permissions.push({
        subject,
        decision: 'deny',
        detail: `needs one of: ${connector.roles.join(', ')}`,
      });
    } else {
      context.allowedConnectors.add(connector.name);
      context.trace.permissions.push({ subject, decision: 'allow', detail: `role ${granted}` });
    }
  }

  const questionTerms = new Set(contentTerms(context.question));
  const topic = context.config.handoff.topics.find((phrase) => {
    const terms = contentTerms(phrase);
    return terms.length > 0 && terms.every((term) => questionTerms.has(term));
  });
  if (topic !== undefined) handOff(context, 'topic', `the question mentions "${topic}"`);
};

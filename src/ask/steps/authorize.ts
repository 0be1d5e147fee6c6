import { normalizeRole } from '../../access.js';
import { contentTerms } from '../evidence/terms.js';
import { type AskStep, handOff } from '../request-context.js';

/**
 * Decide, in code, what this request may do: which documents retrieval may return (pushed into the
 * query as a filter) and which connectors may run. Nothing later in the pipeline, and nothing in a
 * retrieved passage or a model's output, can change these decisions.
 */
export const authorize: AskStep = async (context) => {
  const { reader } = context;
  const roles = reader.kind === 'principal' ? [...reader.roles] : [];
  context.principal = reader.kind === 'principal' ? { id: reader.id, roles } : undefined;
  context.trace.principal =
    reader.kind === 'principal' ? { id: reader.id, known: reader.known, roles } : { id: null, known: true, roles };
  context.trace.permissions.push({
    subject: 'documents',
    decision: 'filter',
    detail:
      reader.kind === 'operator'
        ? 'the local operator reads every document'
        : `public documents and those readable by: ${roles.join(', ') || 'no role'}`,
  });
  if (reader.kind === 'principal' && !reader.known) {
    context.warnings.push(`principal '${reader.id}' is not registered: public documents only, no connectors`);
  }

  for (const connector of context.connectors) {
    const subject = `connector:${connector.name}` as const;
    const granted = connector.roles.find((role) => roles.includes(normalizeRole(role)));
    if (reader.kind === 'operator') {
      context.trace.permissions.push({
        subject,
        decision: 'deny',
        detail: 'the local operator has no principal id to bind; ask with --as',
      });
    } else if (!reader.known || granted === undefined) {
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

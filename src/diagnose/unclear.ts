import { type CategoryId, getCategory } from '../taxonomy/index.js';

/**
 * The question Seam asks when a strand is unclear: no category is confident, so instead of a guess it
 * names the likely readings and asks what would tell them apart. The confusable pairs have their own
 * question (see data/complaints/LABELLING.md); any other pair gets one built from the two summaries.
 */
const pairQuestions: Record<string, string> = {
  'current_facts|deletable_private_data':
    'Is the number, address or name the bot gave wrong or out of date (a fact to correct in the sources), or is it a person’s own data that should not be there at all (to forget)?',
  'current_facts|fast_changing_policy':
    'Is the rule or value simply wrong (a fact to correct), or was it right until a recent change that the bot missed (a policy to version with an effective date)?',
  'business_state|current_facts':
    'Is the wrong value the same for every customer (a fact in the sources), or specific to this customer’s account, order or plan (state to fetch per request)?',
  'deletable_private_data|permissions':
    'Was the data shown to someone who may not see it (an access check in code), or is it a person’s data the model learned in training or was asked to erase (to forget)?',
  'business_state|permissions':
    'Did the bot show or do something this user is not allowed to (permissions), or did it get this user’s own account wrong (state)?',
  'format|style': 'Is it how the bot sounds (tone, wording) or the shape of the answer (length, lists, fields)?',
  'format|task_behavior':
    'Is a step of the task done wrong or skipped (task), or is only the shape of the output wrong (format)?',
  'domain_skill|task_behavior':
    'Does the bot skip or misorder a step of your procedure (task), or misunderstand the domain’s terms and reasoning (domain skill)?',
  'business_state|tool_discipline':
    'Did the bot call the wrong tool, with wrong arguments or not at all (tool discipline), or did it have the right account data and misreport it (state)?',
  'permissions|tool_discipline':
    'Did the bot misuse a tool it may use (tool discipline), or do something this user is not allowed to do (permissions)?',
  'deletable_private_data|fast_changing_policy':
    'Is it the stated rule about keeping or deleting data that is out of date (policy), or a person’s data still held after they asked for it to go (to forget)?',
};

const noCandidate =
  'What did the bot say or do, and what should it have said or done? Quote one answer, and say whether it is wrong for everyone or for this customer only.';

/** The question for a strand whose likely categories are `candidates` (best first). */
export function unclearQuestion(candidates: readonly CategoryId[]): string {
  const [first, second] = candidates;
  if (first === undefined) return noCandidate;
  if (second === undefined) {
    const category = getCategory(first);
    return `Is this about ${category.label.toLowerCase()} (${category.summary})? Quote one answer the bot gave and say what it should have said.`;
  }
  const question = pairQuestions[[first, second].sort().join('|')];
  if (question) return question;
  const [a, b] = [getCategory(first), getCategory(second)];
  return `Is this about ${a.label.toLowerCase()} (${a.summary}) or ${b.label.toLowerCase()} (${b.summary})? Quote one answer the bot gave and say what it should have said.`;
}

export { noCandidate as noSymptomQuestion };

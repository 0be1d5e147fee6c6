/**
 * Telling a prescription ("so let's fine-tune it") from a symptom ("it quotes last year's prices"). A
 * clause asks for fine-tuning when it proposes training; it is a prescription (and not a strand) when it
 * describes nothing the bot does. "We should fine-tune it so it stops being rude" asks for fine-tuning and
 * still describes a symptom; "since we fine-tuned it, it sounds robotic" reports a past run and proposes
 * nothing.
 */

const training =
  /\b(?:fine[\s-]?tun\w*|finetun\w*|re-?train\w*|train(?:ing)?\s+(?:it|the\s+(?:bot|model)|a\s+(?:new\s+)?model|on)\b|custom[\s-](?:trained\s+)?model|lora|sft)\b/gi;

const proposal = new RegExp(
  [
    "let'?s",
    'let us',
    'we (?:should|need to|must|have to|ought to|could|can|might as well)',
    '(?:should|can|could|shall|do) we',
    "why don'?t we",
    "(?:i|we)'?d like to",
    '(?:i|we) (?:want|plan|intend|hope) to',
    'wants?',
    'wanted',
    '(?:asks?|asking|asked|pushing|pushes|push) for',
    'asked (?:us |me )?to',
    'is pushing',
    "(?:everyone|everybody|people|they)(?:'s| is| are| keep| keeps)? saying",
    'pushing (?:for|to)',
    'propos(?:e|es|ed|al)',
    'suggest(?:s|ed|ion)?',
    'recommend(?:s|ed)?',
    '(?:fix|solution|plan|answer|idea) is',
    '(?:is|as|seems like) the (?:fix|answer|solution|way)',
    '(?:planning|plan) (?:a|an|to|on)',
    'thinking (?:a|an|about|of)',
    'time to',
    'needs? (?:a|to be)',
    "we'?ll",
    "we'?re going to",
    'going to',
    '(?:will|would|should|could|might) (?:fix|solve|sort|help)',
    '(?:can|could|would|will|should) (?:a |an )?(?:fine-?tun\\w*|retrain\\w*)',
    'right (?:call|move|fix|thing)',
    'obvious',
    'next step',
    'maybe',
    'just',
    'please',
  ]
    .map((phrase) => phrase.replace(/ /g, '\\s+'))
    .join('|')
    .replace(/^/, '\\b(?:')
    .concat(')\\b'),
  'i',
);

/** A remedy that is not training: "so let's fix it", "please look into this". */
const genericRemedy = /\b(?:fix|solve|sort\s+(?:it|this)\s+out|look\s+into|do\s+something|improve|deal\s+with)\b/i;

/** What the bot does, after its subject; a clause with one describes a symptom ("so it stops being rude"). */
const symptomVerb =
  /\b(?:it|bot|assistant|model|they)\b(?:\s+(?:still|always|never|keeps|just|also|often|sometimes|doesn't|does|won't|can't))*\s+(?:quot|say|tell|told|giv|gave|show|call|ignor|forg[eo]t|sound|drift|answer|repl|respond|refus|leak|mix|miss|skip|confus|use|uses|used|using|recit|repeat|invent|hallucinat|stop|apologi|rambl|break|dump|expos|referenc|mention|recogni|remember|cite|is|are|was|get|know|think)\w*/i;

/** "I don't want to fine-tune", "rather than retrain", "before we spend money on a fine-tune". */
const negatedTraining =
  /\b(?:don'?t|do\s+not|doesn'?t|not|never|shouldn'?t|won'?t|instead\s+of|rather\s+than|without|before|against)\b[^.;,]{0,40}?(?:fine[\s-]?tun|finetun|re-?train|\btrain)/i;

const startsWithTraining = /^\s*(?:so\s+|then\s+|and\s+)?(?:fine[\s-]?tune|retrain|train)\b/i;

export interface PrescriptionVerdict {
  /** The clause proposes a remedy and describes no symptom: it is not a strand. */
  isPrescription: boolean;
  /** The clause proposes fine-tuning (or retraining). */
  asksForFineTuning: boolean;
}

export function classifyPrescription(clause: string): PrescriptionVerdict {
  const text = clause.replace(/[’‘]/g, "'");
  const describesSymptom = symptomVerb.test(text.replace(training, ' '));
  if (!negatedTraining.test(text) && (startsWithTraining.test(text) || proposesTraining(text))) {
    return { isPrescription: !describesSymptom, asksForFineTuning: true };
  }
  const proposes = new RegExp(proposal.source, 'i').test(text);
  const isGenericRemedy = proposes && genericRemedy.test(text) && !describesSymptom && text.split(/\s+/).length <= 8;
  return { isPrescription: isGenericRemedy, asksForFineTuning: false };
}

/**
 * A proposal and a mention of training close together: "let's fine-tune it", "product wants a fine-tune",
 * "fine-tuning should fix this". "A customer asked us to delete her data, but the fine-tuned bot still …"
 * has both, too far apart to be one proposal.
 */
function proposesTraining(text: string): boolean {
  const proposals = [...text.matchAll(new RegExp(proposal.source, 'gi'))];
  return [...text.matchAll(training)].some((mention) =>
    proposals.some((match) => {
      const gap =
        match.index <= mention.index
          ? mention.index - (match.index + match[0].length)
          : match.index - (mention.index + mention[0].length);
      return gap <= (match.index <= mention.index ? 40 : 30);
    }),
  );
}

/**
 * Where a prescription glued to a symptom begins, so the splitter can cut it off: the lead word of
 * "it's too chatty so we should fine-tune it" or "…, which is why product wants a fine-tune".
 */
export const prescriptionLead =
  /(?:,\s*|\s+)(?:and\s+)?(?:so|therefore|hence|which\s+is\s+why|that'?s\s+why)\s+(?=[^.;]*?(?:fine[\s-]?tun|finetun|re-?train|\btrain\b|\blora\b))/i;

/** The reason after a fine-tuning proposal: "we want to fine-tune it because <symptom>". */
export const prescriptionReason = /\s+(?=because\s|since\s)/i;

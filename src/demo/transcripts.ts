/**
 * Past answers of Tidewater's bot, for `seam audit` to measure: one quotes a price the plans document no
 * longer states, one is prose where the house format is a numbered list, one uses a phrase the voice
 * avoids, one repeats a customer's email and phone number, and the rest are fine.
 */
export const demoTranscripts: readonly { question: string; answer: string }[] = [
  { question: 'How much is Daily Grind?', answer: '1. Daily Grind costs $12 per month, billed monthly.' },
  {
    question: 'What does shipping cost?',
    answer: 'Standard shipping costs $5.95 per order and is free on orders over $40.',
  },
  {
    question: 'Where is my order?',
    answer: '1. Unfortunately, your order TW-1042 has not shipped yet; it ships today.',
  },
  {
    question: 'Can you update my email?',
    answer: '1. Done: your email is now ana.lima@example.com, and we will call 555-0142 if anything changes.',
  },
  {
    question: 'Which grind setting for a French press?',
    answer: '1. Use setting 9 for a French press.\n2. Setting 4 suits pour-over.',
  },
  {
    question: 'Can I switch plans?',
    answer: '1. You can switch plans at any time; the new price applies from the next billing date.',
  },
];

/** The transcripts as JSON Lines, `{"question","answer"}` per line. */
export function demoTranscriptsJsonl(): string {
  return demoTranscripts
    .map((entry) => JSON.stringify(entry))
    .join('\n')
    .concat('\n');
}

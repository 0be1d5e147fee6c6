import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { seededRandom } from '../test/helpers/random.js';

/** A generated chat fine-tuning dataset in the demo company's voice, for the lint benchmark and profiling. */

const names = ['Jane Doe', 'Marcus Lee', 'Priya Natarajan', 'Tom Becker', 'Ana Souza', 'Liam Walsh'];
const questions = [
  'Hi, can I still return my beans?',
  'How much is the Daily Grind plan now?',
  'Where is my order?',
  'What does shipping cost?',
  'My grinder makes a noise, what setting should I use for French press?',
  "Can I switch to the Roaster's Choice box?",
];
const replies = [
  'Yes! Unopened bags can be returned within 14 days of delivery for a full refund.',
  'You can return them within 30 days, no questions asked.',
  'The Daily Grind plan is $14 per month and you can cancel any time from Account → Subscription → Cancel plan.',
  'Daily Grind costs $12 a month.',
  'Standard shipping is $5.95 per order and free over $40.',
  'Use setting 9 for French press, and setting 4 for pour-over.',
  'Of course, I can help you switch plans. The new price applies from your next billing date.',
  'Thanks for reaching out! I have passed this to our team and they will follow up by email.',
];

const vocabulary =
  'thanks again for your patience we really appreciate it the roast was a little darker than usual this week our team checked the batch and everything looks good let me know if there is anything else the beans should arrive soon and please keep the packaging in case you need it'.split(
    ' ',
  );

export async function generateDataset(path: string, bytes: number): Promise<{ lines: number; bytes: number }> {
  const random = seededRandom(7);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  // A varied sentence, so that (as in real tickets) most messages are unique and no cache can skip the work.
  const filler = () => {
    const words = Array.from({ length: 8 + Math.floor(random() * 14) }, () => pick(vocabulary));
    return `${words.join(' ')}.`.replace(/^./, (first) => first.toUpperCase());
  };
  const out = createWriteStream(path);
  let written = 0;
  let lines = 0;
  while (written < bytes) {
    const name = pick(names);
    const order = 40_000 + Math.floor(random() * 50_000);
    const user = `${random() < 0.3 ? `${pick(questions)} I'm ${name}, order #${order}.` : pick(questions)} ${filler()}`;
    const reply = `${random() < 0.2 ? `Hi ${name.split(' ')[0]}! ${pick(replies)}` : pick(replies)} ${filler()} ${filler()}`;
    const messages = [
      { role: 'system', content: "You are Tidewater Coffee Co.'s support assistant. Be warm, brief and precise." },
      { role: 'user', content: user },
      { role: 'assistant', content: random() < 0.15 ? `${reply} Order ${order} is on its way.` : reply },
    ];
    const line = `${JSON.stringify({ messages })}\n`;
    if (!out.write(line)) await once(out, 'drain');
    written += Buffer.byteLength(line);
    lines++;
  }
  await new Promise((resolve) => out.end(resolve));
  return { lines, bytes: written };
}

import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { demoDates } from '../../demo/corpus.js';
import { type DemoPaths, demoFolder, demoPaths, demoStorePath } from '../../demo/demo-home.js';
import { demoPrincipals, seedDemo } from '../../demo/seed-demo.js';
import { InputError } from '../../errors.js';
import { isStoreUrl } from '../../store/open-store.js';
import { pc } from '../../util/colors.js';
import { writeFileAtomic } from '../../util/write-file-atomic.js';
import { globals, type Io } from '../context.js';

export { demoPrincipals };

export function registerDemoCommand(program: Command, io: Io): void {
  program
    .command('demo')
    .description('seed a demo knowledge base in its own store and walk through the seam in the terminal')
    .option('--seed-only', 'create the demo documents and principals, skip the walkthrough')
    .addHelpText(
      'after',
      `
The demo is Tidewater Coffee Co.'s support knowledge base: a refund window that changed, a price that
changed, a renamed product, a shipping fee change scheduled for next month, and a chargeback playbook only
the billing role may read. It lives in its own folder, ${demoFolder}/ (or beside the store --db names):
the store (seam.db), its markdown for you to edit (kb/), a small accounts/orders database (state.db), the
seam ask config that connects it (seam.config.json) and past answers for seam audit (transcripts.jsonl).
Running it again resets the demo. It never writes to a store it did not create: your own store
(.seam/seam.db, $SEAM_DB) is left alone, and --db naming another store is refused.

Examples:
  $ seam demo
  $ seam demo --seed-only
  $ seam kb search "refund window" --db ${demoFolder}/seam.db
  $ seam demo --db /tmp/seam-demo/seam.db --seed-only`,
    )
    .action(async (flags: { seedOnly?: boolean }, command: Command) => {
      // The demo's own store: --db when given, never $SEAM_DB (that names the user's store).
      const given = globals(command).db;
      if (given !== undefined && isStoreUrl(given)) {
        throw new InputError('seam demo keeps its own SQLite file; give it a path, or no --db', { field: '--db' });
      }
      const db = given === undefined ? demoStorePath(io.cwd) : resolve(io.cwd, given);
      const paths = demoPaths(db);
      const seeded = await seedDemo({ paths, now: io.now });
      if (flags.seedOnly) {
        io.stdout(`seeded ${seeded} demo documents into ${db}\n`);
        return;
      }
      await walkthrough({ io, paths });
    });
}

async function walkthrough(options: { io: Io; paths: DemoPaths }): Promise<void> {
  const { io, paths } = options;
  const { store: db, kb: folder } = paths;
  const { run } = await import('../main.js');
  const refunds = join(folder, 'policies', 'refunds.md');
  const shown = (path: string) => relative(io.cwd, path) || path;
  const dbArgs = ['--db', db];
  const nextMonth = demoDates(io.now()).shippingChange;

  const say = (text: string) => io.stdout(`\n${pc.bold(pc.cyan('▌'))} ${text}\n`);
  const seam = async (...args: string[]) => {
    io.stdout(`${pc.dim('$')} ${pc.bold(['seam', ...args].map(quote).join(' '))}\n`);
    const code = await run(['node', 'seam', ...args, ...dbArgs], io);
    if (code !== 0) throw new Error(`demo step failed: seam ${args.join(' ')}`);
  };
  const editRefundWindow = async (from: string, to: string) => {
    const text = await readFile(refunds, 'utf8');
    await writeFileAtomic(refunds, text.replace(from, to));
  };

  io.stdout(
    `${pc.bold('Seam demo')}: Tidewater Coffee Co.'s support knowledge base, in ${shown(db)}\n` +
      `Its markdown is in ${shown(folder)}/. Behavior (tone, format) belongs in the model; knowledge like this\n` +
      'belongs in sources you can edit in seconds, verify by re-reading, undo, and delete.\n',
  );

  say('Five documents, each with its history. One is readable only by the billing role.');
  await seam('kb', 'list');

  say("A support agent's assistant looks up the refund window. Retrieval serves the version in effect today.");
  await seam('kb', 'search', 'refund window', '--as', 'sam', '--k', '1');

  say('The policy owner changes the window to 21 days: an edit to a file, not a training run.');
  await editRefundWindow('within 14 days', 'within 21 days');
  await seam(
    'kb',
    'put',
    shown(refunds),
    '--if-version',
    '2',
    '-m',
    'refund window extended to 21 days',
    '--author',
    'maria',
  );

  say('The very next search returns the new value, cited to the new version. No old chunk is left to find.');
  await seam('kb', 'search', 'refund window', '--as', 'sam', '--k', '1');

  say('Every version is kept, with who changed it and why.');
  await seam('kb', 'history', 'refund-policy');
  await seam('kb', 'diff', 'refund-policy', '2', '3');

  say('The change was premature. Undo it by reverting: a new version with the old content.');
  await seam('kb', 'revert', 'refund-policy', '--to', '2', '-m', '21 days was not approved yet', '--author', 'maria');
  await editRefundWindow('within 21 days', 'within 14 days');
  await seam('kb', 'search', 'refund window', '--as', 'sam', '--k', '1');

  say('Permissions are decided in code, inside the query. sam (support) cannot see the chargeback playbook...');
  await seam('kb', 'search', 'chargeback dispute', '--as', 'sam', '--k', '2');
  say('...and bea (billing, support) can.');
  await seam('kb', 'search', 'chargeback dispute', '--as', 'bea', '--k', '2');

  say(`A shipping fee change is already stored, effective ${nextMonth}. Today's answer and next month's differ.`);
  await seam('kb', 'search', 'shipping fee', '--k', '1');
  await seam('kb', 'search', 'shipping fee', '--k', '1', '--as-of', nextMonth);

  await askWalkthrough({ say, seam, editRefundWindow, refunds: shown(refunds), config: shown(paths.config) });

  say(`Try it yourself: the demo has its own store, so name it with --db (${shown(db)}).`);
  const demoDb = `--db ${shown(db)}`;
  io.stdout(
    [
      `  $EDITOR ${shown(join(folder, 'products', 'plans.md'))}       # change the Daily Grind price`,
      `  npx seam kb put ${shown(join(folder, 'products', 'plans.md'))} -m "new price" ${demoDb}`,
      `  npx seam kb search "daily grind price" ${demoDb}`,
      `  npx seam kb history subscription-plans ${demoDb}`,
      `  npx seam ask "Can I cancel my plan?" --as cust-ben --config ${shown(paths.config)} ${demoDb}`,
      `  npx seam audit ${shown(paths.transcripts)} --config ${shown(paths.config)} ${demoDb}`,
      `  $EDITOR ${shown(paths.config)}            # the house voice, format, handoff policy and connectors`,
      '',
    ].join('\n'),
  );
}

/** The answer pipeline: the same edit reaches the next answer, and each customer sees only their own state. */
async function askWalkthrough(steps: {
  say: (text: string) => void;
  seam: (...args: string[]) => Promise<void>;
  editRefundWindow: (from: string, to: string) => Promise<void>;
  refunds: string;
  config: string;
}): Promise<void> {
  const { say, seam, config } = steps;
  const ask = (question: string, as: string) => seam('ask', question, '--as', as, '--config', config);

  say(
    'Now answers, not search results. A customer asks; the answer quotes the passage in effect, in the house format, cited.',
  );
  await ask('How long do I have to return a bag?', 'cust-ana');

  say('The policy owner sets the window to 30 days. The very next answer says 30 days and cites the new version.');
  await steps.editRefundWindow('within 14 days', 'within 30 days');
  await seam(
    'kb',
    'put',
    steps.refunds,
    '--if-version',
    '4',
    '-m',
    'refund window back to 30 days',
    '--author',
    'maria',
  );
  await ask('How long do I have to return a bag?', 'cust-ana');

  say("Business state is fetched per request, bound to the asker's id. Ana sees her order...");
  await ask('Where is my order?', 'cust-ana');
  say("...and Ben sees his, even when he names Ana's order: ids in the question are never used.");
  await ask('Where is my order TW-1042?', 'cust-ben');

  say(
    'Permissions hold in answers too: sam cannot read the chargeback playbook, so sam gets a refusal; bea gets the answer.',
  );
  await ask('How do we handle a chargeback?', 'sam');
  await ask('How do we handle a chargeback?', 'bea');

  say(
    "The refund steps are marked {internal}: sam holds the agent role and gets them; Ana gets the customer's answer.",
  );
  await ask('How do I issue a refund?', 'sam');
  await ask('How do I issue a refund?', 'cust-ana');

  say(
    'A question nothing covers is declined with a typed handoff, never answered with a neighbouring topic (nor with ' +
      'Ana\'s order because she wrote "ship"); the trace names the word no passage covers.',
  );
  await ask('Do you sell tea?', 'cust-ana');
  await ask('Do you ship to Canada?', 'cust-ana');
}

function quote(argument: string): string {
  return /^[\w./:@=-]+$/.test(argument) ? argument : `"${argument}"`;
}

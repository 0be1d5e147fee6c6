import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { Command } from 'commander';
import { operator } from '../../access.js';
import { demoAskConfig } from '../../demo/ask-config.js';
import { type DemoFile, demoDates, demoFiles } from '../../demo/corpus.js';
import { writeDemoState } from '../../demo/state.js';
import { parseDocumentText } from '../../documents/parse-document.js';
import type { KnowledgeStore } from '../../store/knowledge-store.js';
import { pc } from '../../util/colors.js';
import { writeAtomically } from '../../util/write-atomically.js';
import { globals, type Io, storePath, withStore } from '../context.js';

export const demoPrincipals = [
  { id: 'sam', roles: ['support'] },
  { id: 'bea', roles: ['billing', 'support'] },
  { id: 'cust-ana', roles: ['customer'] },
  { id: 'cust-ben', roles: ['customer'] },
];

/** Beside the store: the demo's accounts/orders database and the `seam ask` config that connects it. */
export function demoPaths(db: string): { folder: string; state: string; config: string } {
  return {
    folder: join(dirname(db), 'demo-kb'),
    state: join(dirname(db), 'demo-state.db'),
    config: join(dirname(db), 'seam.config.json'),
  };
}

export function registerDemoCommand(program: Command, io: Io): void {
  program
    .command('demo')
    .description('seed a demo knowledge base and walk through the seam in the terminal')
    .option('--seed-only', 'create the demo documents and principals, skip the walkthrough')
    .addHelpText(
      'after',
      `
The demo is Tidewater Coffee Co.'s support knowledge base: a refund window that changed, a price that
changed, a renamed product, a shipping fee change scheduled for next month, and a chargeback playbook only
the billing role may read. Its markdown is written beside the store (.seam/demo-kb/) for you to edit,
with a small accounts/orders database (.seam/demo-state.db) and the seam ask config that connects it
(.seam/seam.config.json). Running it again resets the demo documents; other documents are left alone.

Examples:
  $ seam demo
  $ seam demo --db /tmp/demo.db --seed-only`,
    )
    .action(async (flags: { seedOnly?: boolean }, command: Command) => {
      const db = storePath(globals(command), io);
      const paths = demoPaths(db);
      const files = demoFiles(demoDates(io.now()));
      await withStore(command, io, (store) => seed(store, files, paths.folder));
      writeDemoState(paths.state, io.now());
      await writeAtomically(
        paths.config,
        `${JSON.stringify(demoAskConfig({ stateDatabase: relative(dirname(paths.config), paths.state) }), null, 2)}\n`,
      );
      if (flags.seedOnly) {
        io.stdout(`seeded ${files.length} demo documents into ${db}\n`);
        return;
      }
      await walkthrough({ io, db, folder: paths.folder, config: paths.config });
    });
}

/** Reset the demo documents and principals, replaying each file's history, and write the newest versions to disk. */
async function seed(store: KnowledgeStore, files: readonly DemoFile[], folder: string): Promise<void> {
  for (const file of files) {
    const fallbackId = file.path.replace(/\.md$/, '');
    const versions = file.versions.map((version) => ({
      ...version,
      document: {
        ...parseDocumentText(version.markdown, { file: file.path, fallbackId }),
        source: join(folder, file.path),
      },
    }));
    const id = versions[0]?.document.id;
    if (id !== undefined) await store.remove(id, { reader: operator });
    for (const version of versions)
      await store.put(version.document, { reader: operator, author: version.author, message: version.message });
    const newest = file.versions.at(-1);
    if (newest) await writeAtomically(join(folder, file.path), newest.markdown);
  }
  for (const principal of demoPrincipals) await store.putPrincipal(principal);
}

async function walkthrough(options: { io: Io; db: string; folder: string; config: string }): Promise<void> {
  const { io, db, folder } = options;
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
    await writeAtomically(refunds, text.replace(from, to));
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

  await askWalkthrough({ say, seam, editRefundWindow, refunds: shown(refunds), config: shown(options.config) });

  say('Try it yourself:');
  io.stdout(
    [
      `  $EDITOR ${shown(join(folder, 'products', 'plans.md'))}       # change the Daily Grind price`,
      `  npx seam kb put ${shown(join(folder, 'products', 'plans.md'))} -m "new price"`,
      '  npx seam kb search "daily grind price"',
      '  npx seam kb history subscription-plans',
      '  npx seam kb rm product/grinder',
      `  npx seam ask "Can I cancel my plan?" --as cust-ben --config ${shown(options.config)}`,
      `  $EDITOR ${shown(options.config)}            # the house voice, format, handoff policy and connectors`,
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

  say('A question nothing covers is declined, with a typed handoff rather than a guess.');
  await ask('Do you sell tea?', 'cust-ana');
}

function quote(argument: string): string {
  return /^[\w./:@=-]+$/.test(argument) ? argument : `"${argument}"`;
}

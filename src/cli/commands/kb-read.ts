import type { Command } from 'commander';
import { createTwoFilesPatch } from 'diff';
import { describeReader, type Reader, readerOrOperator } from '../../access.js';
import { renderDocument } from '../../documents/render-document.js';
import { NotFoundError } from '../../errors.js';
import { createRetriever } from '../../retrieval/retriever.js';
import type { KnowledgeStore } from '../../store/knowledge-store.js';
import { pc } from '../../util/colors.js';
import { asOfInstant, emit, type Io, parseCount, readStore } from '../context.js';
import { effectiveRange, excerpt, shortTime, table } from '../format.js';

const asOption = [
  '--as <principal>',
  'read as this principal (default: the local operator, who sees everything)',
] as const;

export function registerKbReadCommands(kb: Command, io: Io): void {
  kb.command('search')
    .description('full-text search over the documents in effect, filtered by what the principal may read')
    .argument('<query>', 'words to look for')
    .option(...asOption)
    .option('-k, --k <n>', 'how many hits', parseCount('--k', { min: 1, max: 1000 }), 5)
    .option('--collection <name>', 'only this collection (e.g. policy)')
    .option('--as-of <date>', 'search the documents in effect on this date (past or future)')
    .addHelpText(
      'after',
      `
Permissions are applied inside the query: a principal gets the top k among what they may read.
A principal that was never added sees public documents only.

Examples:
  $ seam kb search "refund window" --as alice
  $ seam kb search "premium price" --collection product --k 3 --json
  $ seam kb search "refund window" --as-of 2027-01-01`,
    )
    .action(
      async (
        query: string,
        flags: { as?: string; k: number; collection?: string; asOf?: string },
        command: Command,
      ) => {
        const at = asOfInstant(flags.asOf, io);
        const { reader, result } = await readStore(command, io, async (store) => {
          const reader = await readerOrOperator(store, flags.as);
          const result = await createRetriever({ store, now: io.now }).retrieve({
            query,
            reader,
            k: flags.k,
            collection: flags.collection,
            asOf: at,
          });
          return { reader, result };
        });
        warnUnknown(reader, io);
        emit(command, io, { hits: result.hits }, () => {
          const who = describeReader(reader);
          if (result.hits.length === 0) return `no documents in effect on ${at.slice(0, 10)} match "${query}" ${who}`;
          return [
            `${result.hits.length} hit${result.hits.length === 1 ? '' : 's'} for "${query}" ${who}, in effect ${at.slice(0, 10)}`,
            ...result.hits.map((hit, index) => {
              const where = [hit.title, ...hit.heading_path.filter((heading) => heading !== hit.title)].join(' › ');
              const dates = effectiveRange(hit.effective_from, hit.effective_until);
              return `${String(index + 1).padStart(2)}. ${pc.bold(hit.id)} v${hit.version}  ${where}  ${pc.dim(`(${hit.collection}, score ${hit.score}${dates ? `, ${dates}` : ''})`)}\n    ${excerpt(hit.text)}`;
            }),
          ].join('\n');
        });
      },
    );

  kb.command('show')
    .description('print a document: its newest version, a given one, or the one in effect on a date')
    .argument('<id>', 'document id')
    .option('--version <n>', 'this version', parseCount('--version', { min: 1 }))
    .option('--as-of <date>', 'the version in effect on this date')
    .option(...asOption)
    .addHelpText(
      'after',
      `
Examples:
  $ seam kb show refund-policy
  $ seam kb show refund-policy --version 1 --json
  $ seam kb show refund-policy --as-of 2026-01-15`,
    )
    .action(async (id: string, flags: { version?: number; asOf?: string; as?: string }, command: Command) => {
      const document = await readStore(command, io, async (store) => {
        const reader = await readerOrOperator(store, flags.as);
        const found =
          flags.asOf !== undefined && flags.version === undefined
            ? await store.getServed(id, { reader, at: asOfInstant(flags.asOf, io) })
            : await store.get(id, { reader, version: flags.version });
        return found ?? missing(describeMissing(id, flags));
      });
      emit(command, io, document, () =>
        [
          `${pc.bold(document.title)}  ${pc.dim(`${document.id} v${document.version} · ${document.collection}`)}`,
          pc.dim(
            [
              `acl: ${document.acl ? document.acl.join(', ') : 'everyone'}`,
              effectiveRange(document.effective_from, document.effective_until),
              `${shortTime(document.created_at)} by ${document.author}${document.message ? `: ${document.message}` : ''}`,
            ]
              .filter(Boolean)
              .join(' · '),
          ),
          '',
          document.body,
        ].join('\n'),
      );
    });

  kb.command('history')
    .description('every version of a document: when, who, why')
    .argument('<id>', 'document id')
    .option(...asOption)
    .addHelpText('after', '\nExamples:\n  $ seam kb history refund-policy\n  $ seam kb history refund-policy --json')
    .action(async (id: string, flags: { as?: string }, command: Command) => {
      const versions = await readStore(command, io, async (store) => {
        const reader = await readerOrOperator(store, flags.as);
        return (await store.history(id, { reader })) ?? missing(`no document '${id}'`);
      });
      emit(command, io, { id, versions }, () =>
        table(
          ['version', 'created', 'author', 'effective', 'message'],
          versions.map((version) => [
            `v${version.version}`,
            shortTime(version.created_at),
            version.author,
            effectiveRange(version.effective_from, version.effective_until) || '-',
            version.message,
          ]),
        ),
      );
    });

  kb.command('diff')
    .description('a line diff between two versions of a document (front matter included)')
    .argument('<id>', 'document id')
    .argument('<v1>', 'older version', parseCount('<v1>', { min: 1 }))
    .argument('<v2>', 'newer version', parseCount('<v2>', { min: 1 }))
    .option(...asOption)
    .addHelpText('after', '\nExamples:\n  $ seam kb diff refund-policy 1 2\n  $ seam kb diff refund-policy 2 3 --json')
    .action(async (id: string, from: number, to: number, flags: { as?: string }, command: Command) => {
      const [older, newer] = await readStore(command, io, async (store) => {
        const reader = await readerOrOperator(store, flags.as);
        return Promise.all(
          [from, to].map(
            async (version) =>
              (await store.get(id, { reader, version })) ?? missing(`'${id}' has no version ${version}`),
          ),
        );
      });
      if (!older || !newer) throw new NotFoundError(id);
      const patch = createTwoFilesPatch(
        `${id} v${from}`,
        `${id} v${to}`,
        renderDocument(older),
        renderDocument(newer),
        undefined,
        undefined,
        { context: 3 },
      );
      emit(command, io, { id, from, to, patch }, () => colourPatch(patch));
    });

  kb.command('list')
    .description('every document with its newest version')
    .option('--collection <name>', 'only this collection')
    .option(...asOption)
    .addHelpText('after', '\nExamples:\n  $ seam kb list\n  $ seam kb list --collection policy --as alice --json')
    .action(async (flags: { collection?: string; as?: string }, command: Command) => {
      const documents = await readStore(command, io, async (store: KnowledgeStore) => {
        const reader = await readerOrOperator(store, flags.as);
        return store.list({ reader, collection: flags.collection });
      });
      emit(command, io, { documents }, () =>
        documents.length === 0
          ? 'no documents'
          : table(
              ['id', 'version', 'collection', 'acl', 'title'],
              documents.map((summary) => [
                summary.id,
                `v${summary.version}`,
                summary.collection,
                summary.acl ? summary.acl.join(',') : 'everyone',
                summary.title,
              ]),
            ),
      );
    });
}

/**
 * Not found. The store answers a version the reader may not read exactly like a missing one, so this
 * message is the same for both: `--as` cannot be used to learn that a restricted version exists.
 */
function missing(what: string): never {
  throw new NotFoundError(what, `not found: ${what}`);
}

function describeMissing(id: string, flags: { version?: number; asOf?: string }): string {
  if (flags.version !== undefined) return `'${id}' has no version ${flags.version}`;
  if (flags.asOf !== undefined) return `no version of '${id}' is in effect on ${flags.asOf}`;
  return `no document '${id}'`;
}

function warnUnknown(reader: Reader, io: Io): void {
  if (reader.kind === 'principal' && !reader.known) {
    io.stderr(
      `warning: principal '${reader.id}' is not registered: showing public documents only (add it with: seam principal add ${reader.id} --roles ...)\n`,
    );
  }
}

function colourPatch(patch: string): string {
  return patch
    .split('\n')
    .map((line) => {
      if (line.startsWith('+') && !line.startsWith('+++')) return pc.green(line);
      if (line.startsWith('-') && !line.startsWith('---')) return pc.red(line);
      if (line.startsWith('@@')) return pc.cyan(line);
      return line;
    })
    .join('\n');
}

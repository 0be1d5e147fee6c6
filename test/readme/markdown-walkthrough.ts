import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/**
 * A markdown page's shell blocks, as a reader would paste them, in order.
 *
 * - A ```sh block is run in one bash session shared by the whole page (variables carry over).
 * - A ```text block right after it (only blank lines between) is what its output must show: each line, in
 *   order, white space folded.
 * - `<!-- walkthrough: background -->` before a block starts it in the background (a server), waits (up to two
 *   minutes) for it to print a URL, and stops it when the page is done; `<!-- walkthrough: skip (why) -->` leaves a block out.
 * - A line starting with `npm ` is the repository's own command (install, start, test), which CI runs itself.
 * - A command may fail only where its line says so: `# exit 1` in its comment.
 */
export interface Block {
  /** 1-based line of the page where the block's first command is. */
  line: number;
  commands: string[];
  background: boolean;
  expect: string[];
}

export function readBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  let directive: string | undefined;
  let last: Block | undefined;
  let blankSinceLast = true;
  for (let index = 0; index < lines.length; index++) {
    const text = lines[index] ?? '';
    const comment = /^<!--\s*walkthrough:\s*(\w+)/.exec(text);
    if (comment) {
      directive = comment[1];
      continue;
    }
    const fence = /^```(\w*)\s*$/.exec(text);
    if (!fence) {
      if (text.trim() !== '') blankSinceLast = false;
      continue;
    }
    const body: string[] = [];
    let end = index + 1;
    while (end < lines.length && !/^```\s*$/.test(lines[end] ?? '')) body.push(lines[end++] ?? '');
    const language = fence[1];
    if (language === 'sh' && directive !== 'skip') {
      last = { line: index + 2, commands: body, background: directive === 'background', expect: [] };
      blocks.push(last);
      blankSinceLast = true;
    } else if (language === 'text' && last && blankSinceLast) {
      last.expect.push(...body.filter((line) => line.trim() !== ''));
    }
    if (language === 'sh') directive = undefined;
    index = end;
  }
  return blocks;
}

export interface BlockRun {
  block: Block;
  output: string;
  /** Commands that exited non-zero: the page line and the status. */
  failures: { line: number; status: number }[];
}

const marker = '__WALKTHROUGH_BLOCK__';

/** A folder like a new user's: `npx seam` resolves to this repository's command, nothing else is there. */
export function userFolder(root: string, repository: string): void {
  mkdirSync(join(root, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(join(repository, 'bin', 'seam.js'), join(root, 'node_modules', '.bin', 'seam'));
  writeFileSync(join(root, 'package.json'), `${JSON.stringify({ name: 'walkthrough', private: true })}\n`);
}

/** Run every block of a page in one bash session in `cwd`; each block's output and failed commands. */
export async function runBlocks(
  blocks: Block[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<BlockRun[]> {
  // `set -m`: every background job (a background block, or a command the page ends with `&`) gets a process
  // group of its own, stopped whole (npx, node) when the page ends.
  const script: string[] = [
    'exec 2>&1',
    'set -m',
    "trap 'for pid in $(jobs -p); do kill -- -$pid 2>/dev/null; done' EXIT",
  ];
  const lineOf = new Map<number, number>();
  const add = (text: string) => script.push(...text.split('\n'));
  for (const [number, block] of blocks.entries()) {
    add(`printf '\\n%s\\n' '${marker} ${number}'`); // on a line of its own, after output with no last newline (curl)
    const commands = block.commands.map((command) => (/^npm /.test(command.trim()) ? '' : command));
    if (block.background) {
      const log = `.walkthrough-server-${number}.log`;
      // `)` on a line of its own: the block's last line may end in a comment.
      add(`(\n${commands.join('\n')}\n) > ${log} 2>&1 &`);
      // Up to two minutes: a loaded CI machine starts a server slowly.
      add(`for _ in $(seq 1 1200); do grep -q 'http://' ${log} && break; sleep 0.1; done; cat ${log}`);
      continue;
    }
    add(`trap 'echo "__WALKTHROUGH_FAILED__ $LINENO $?"' ERR`);
    for (const [offset, command] of commands.entries()) {
      lineOf.set(script.length + 1, block.line + offset); // bash's $LINENO of the line pushed next
      script.push(command);
    }
    add('trap - ERR');
  }
  add(`printf '\\n%s\\n' '${marker} end'`);
  const output = await bash(script.join('\n'), options);
  return splitRuns(blocks, output, lineOf);
}

function splitRuns(blocks: Block[], output: string, lineOf: Map<number, number>): BlockRun[] {
  const runs: BlockRun[] = [];
  const parts = output.split(new RegExp(`^${marker} `, 'm')).slice(1);
  for (const part of parts) {
    const newline = part.indexOf('\n');
    const number = Number(part.slice(0, newline));
    const block = blocks[number];
    if (!block) continue;
    const failures = [...part.matchAll(/^__WALKTHROUGH_FAILED__ (\d+) (\d+)$/gm)].map((match) => ({
      line: lineOf.get(Number(match[1])) ?? -1,
      status: Number(match[2]),
    }));
    runs.push({ block, output: part.slice(newline + 1), failures });
  }
  return runs;
}

function bash(script: string, options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { cwd: options.cwd, env: options.env, detached: true });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', () => {
      // Whatever the page left running (a server whose block never printed its URL) goes with it.
      try {
        if (child.pid !== undefined) process.kill(-child.pid);
      } catch {}
      resolve(output);
    });
  });
}

/** Whether the page line allows the status it exited with (`# exit 1`), looking back over `\` continuations. */
export function failureAllowed(page: string[], failure: { line: number; status: number }): boolean {
  for (let line = failure.line; line >= 1; line--) {
    const text = page[line - 1] ?? '';
    if (new RegExp(`#.*\\bexit ${failure.status}\\b`).test(text)) return true;
    if (!(page[line - 2] ?? '').trimEnd().endsWith('\\')) return false;
  }
  return false;
}

/** The expected lines not found, in order, in the output (white space folded). */
export function missingLines(output: string, expected: string[]): string[] {
  const fold = (text: string) => text.replace(/\s+/g, ' ').trim();
  const haystack = fold(output);
  const missing: string[] = [];
  let from = 0;
  for (const line of expected) {
    const at = haystack.indexOf(fold(line), from);
    if (at < 0) missing.push(line);
    else from = at + fold(line).length;
  }
  return missing;
}

export function readPage(path: string): { markdown: string; lines: string[] } {
  const markdown = readFileSync(path, 'utf8');
  return { markdown, lines: markdown.split('\n') };
}

/** The environment a user's shell has: none of the npm_* variables `npm test` sets, no SEAM_DB. */
export function userEnvironment(npmCache: string): NodeJS.ProcessEnv {
  const environment = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name) && !/^SEAM_/.test(name)),
  );
  return { ...environment, npm_config_cache: npmCache, npm_config_offline: 'true' };
}

/** The lines of `<!-- walkthrough: skip -->` directives that give no reason in parentheses. */
export function unexplainedSkips(lines: string[]): number[] {
  return lines.flatMap((text, index) =>
    /^<!--\s*walkthrough:\s*skip\b/.test(text) && !/skip\s*\([^)]+\)/.test(text) ? [index + 1] : [],
  );
}

export interface PageWalk {
  /** The page's runnable blocks. */
  blocks: Block[];
  /** One line per command that failed where the page does not say so, and per expected output not shown. */
  problems: string[];
  /** Where every block's output was written. */
  transcript: string;
}

/**
 * Run one page of the repository as a new user would, in a fresh folder of its own (`npx seam` is this
 * checkout's command; nothing is rebuilt), and check it: every command succeeds or fails as its line says,
 * and every ```text block's lines are in its block's output. `scratch` is an empty folder: the page runs in
 * its `work/`, beside npm's cache and the transcript.
 */
export async function walkPage(options: { repository: string; page: string; scratch: string }): Promise<PageWalk> {
  const name = relative(options.repository, options.page);
  const page = readPage(options.page);
  const blocks = readBlocks(page.markdown);
  const work = join(options.scratch, 'work');
  mkdirSync(work);
  userFolder(work, options.repository);
  const runs = await runBlocks(blocks, { cwd: work, env: userEnvironment(join(options.scratch, 'npm-cache')) });
  const problems = unexplainedSkips(page.lines).map((line) => `${name}:${line}: a skip says why: skip (reason)`);
  if (runs.length !== blocks.length) problems.push(`${name}: ran ${runs.length} of ${blocks.length} blocks`);
  for (const run of runs) {
    for (const failure of run.failures) {
      if (!failureAllowed(page.lines, failure)) problems.push(`${name}:${failure.line}: exited ${failure.status}`);
    }
    if (run.block.background && !run.output.includes('http://')) {
      problems.push(`${name}:${run.block.line}: the server printed no URL (is the port taken?)`);
    }
    const missing = missingLines(run.output, run.block.expect);
    if (missing.length > 0) problems.push(`${name}:${run.block.line}: output lacks ${JSON.stringify(missing)}`);
  }
  // A failing page's transcript outlives the test's temporary folders, for whoever reads the failure.
  const folder = problems.length > 0 ? mkdtempSync(join(tmpdir(), 'seam-walkthrough-failed-')) : options.scratch;
  const transcript = join(folder, `${name.replaceAll('/', '-')}.log`);
  writeFileSync(transcript, runs.map((run) => `### ${name}:${run.block.line}\n${run.output}`).join('\n'));
  return { blocks, problems, transcript };
}

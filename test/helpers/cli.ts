import { run } from '../../src/cli/main.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (for --json runs). */
  json: () => unknown;
}

/** Run the `seam` command line in-process against a given store, capturing what it prints. */
export async function seam(
  args: string[],
  options: { db: string; cwd?: string; now?: Date; env?: Record<string, string>; color?: boolean },
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(['node', 'seam', ...args, '--db', options.db], {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: { SEAM_AUTHOR: 'tester', ...options.env },
    cwd: options.cwd ?? process.cwd(),
    now: () => options.now ?? new Date('2026-11-25T12:00:00Z'),
    isTty: false,
    color: options.color ?? false,
    outcome: { code: 0 },
  });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

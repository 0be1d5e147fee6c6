import cliProgress from 'cli-progress';
import type { Io } from './context.js';

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/** A progress bar on stderr when it is a terminal and the output is for people; otherwise nothing. */
export function progressBar(io: Io, options: { label: string; unit: string; enabled: boolean }): Progress | undefined {
  if (!io.isTty || !options.enabled) return undefined;
  const bar = new cliProgress.SingleBar(
    {
      format: `${options.label} {bar} {percentage}% | {value}/{total} ${options.unit}`,
      stream: process.stderr,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(0, 0);
  return {
    update(done, total) {
      bar.setTotal(total);
      bar.update(done);
    },
    stop: () => bar.stop(),
  };
}

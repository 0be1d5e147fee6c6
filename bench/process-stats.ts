import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';

/**
 * The measuring side of a bench server process (`serve-process.ts`, `control-server.ts`): its event loop's
 * delay (`monitorEventLoopDelay`, 1 ms resolution) since the last `mark`, answered as one JSON line on
 * stdout for each `sample` line read on stdin. CPU time is read from outside (`/proc`), threads included.
 */
export function answerStats(): void {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const ms = (nanoseconds: number) => Math.round(nanoseconds / 1000) / 1000;
  createInterface({ input: process.stdin }).on('line', (line) => {
    if (line === 'mark') {
      delay.reset();
      console.log(JSON.stringify({ marked: true }));
    } else if (line === 'sample') {
      console.log(
        JSON.stringify({
          event_loop_delay_ms: {
            p50: ms(delay.percentile(50)),
            p99: ms(delay.percentile(99)),
            max: ms(delay.max),
            mean: ms(delay.mean),
          },
        }),
      );
    }
  });
}

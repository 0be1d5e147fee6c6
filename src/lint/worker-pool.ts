import { Worker } from 'node:worker_threads';
import type { FactIndex } from './fact-index.js';
import type { BatchSettings, CompactBatch } from './lint-batch.js';

interface Job {
  id: number;
  resolve: (result: CompactBatch) => void;
  reject: (error: Error) => void;
}

/**
 * A fixed set of worker threads that lint batches of lines. Each worker builds its own detector and fact
 * lookups once from the plain-data settings and index it is started with.
 */
export class WorkerPool {
  readonly size: number;
  private readonly workers: { worker: Worker; jobs: Map<number, Job> }[] = [];
  private next = 0;
  private jobId = 0;

  constructor(options: { size: number; settings: BatchSettings; index: FactIndex | undefined }) {
    this.size = options.size;
    const typescript = import.meta.url.endsWith('.ts');
    const url = new URL(typescript ? './worker.ts' : './worker.js', import.meta.url);
    for (let slot = 0; slot < options.size; slot++) {
      const workerData = { settings: options.settings, index: options.index };
      // Under the test runner the sources are TypeScript: the thread registers tsx before loading them.
      const worker = typescript
        ? new Worker(
            `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); });`,
            { eval: true, workerData },
          )
        : new Worker(url, { workerData });
      const jobs = new Map<number, Job>();
      worker.on('message', (message: { id: number; result?: CompactBatch; error?: string }) => {
        const job = jobs.get(message.id);
        jobs.delete(message.id);
        if (message.result) job?.resolve(message.result);
        else job?.reject(new Error(message.error ?? 'worker failed'));
      });
      worker.on('error', (error) => {
        for (const job of jobs.values()) job.reject(error);
        jobs.clear();
      });
      this.workers.push({ worker, jobs });
    }
  }

  /** Lint a batch; the result keeps at most `keep` findings (all are counted). */
  run(lines: readonly { line: number; text: string }[], keep: number): Promise<CompactBatch> {
    const slot = this.workers[this.next++ % this.workers.length];
    if (!slot) return Promise.reject(new Error('the worker pool is empty'));
    const id = this.jobId++;
    return new Promise((resolve, reject) => {
      slot.jobs.set(id, { id, resolve, reject });
      slot.worker.postMessage({ id, lines, keep });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }
}

import { Worker } from 'node:worker_threads';
import type { LineChunk } from '../util/jsonl.js';
import type { FactIndex } from './fact-index.js';
import type { BatchSettings, CompactBatch } from './lint-batch.js';

interface Job {
  resolve: (result: CompactBatch) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  jobs: Map<number, Job>;
}

/**
 * A fixed set of worker threads that lint chunks of lines. Each worker builds its own detector and fact
 * lookups once from the plain-data settings and index it is started with. Chunks are transferred, not copied.
 */
export class WorkerPool {
  readonly size: number;
  private readonly slots: Slot[] = [];
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
      this.slots.push({ worker, jobs });
    }
  }

  /** Whether some worker has fewer than `depth` chunks in hand (one being linted, the rest waiting). */
  hasRoom(depth = 2): boolean {
    return this.slots.some((slot) => slot.jobs.size < depth);
  }

  /** Lint a chunk on the least busy worker; the result keeps at most `keep` findings (all are counted). */
  run(chunk: LineChunk, keep: number): Promise<CompactBatch> {
    const slot = this.slots.reduce<Slot | undefined>(
      (best, candidate) => (best && best.jobs.size <= candidate.jobs.size ? best : candidate),
      undefined,
    );
    if (!slot) return Promise.reject(new Error('the worker pool is empty'));
    const id = this.jobId++;
    return new Promise((resolve, reject) => {
      slot.jobs.set(id, { resolve, reject });
      const { bytes, firstLine } = chunk;
      slot.worker.postMessage({ id, bytes, firstLine, keep }, [bytes.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map(({ worker }) => worker.terminate()));
  }
}

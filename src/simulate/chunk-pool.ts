import { Worker } from 'node:worker_threads';
import { ChunkWriter } from './chunk-writer.ts';
import type { WorkerReply, WorkerRequest } from './generate-worker.ts';

/** One unit of work: customers [start, end) written to the files of part `part`. */
export interface Chunk {
  part: number;
  start: number;
  end: number;
}

/**
 * Simulates chunks of customers, first come first served, in worker threads (threads > 0) or in
 * the calling thread between turns of the event loop (threads = 0). `run` resolves with the rows
 * written per table once the chunk's lines are in its files.
 */
export interface ChunkPool {
  run(chunk: Chunk): Promise<Record<string, number>>;
  /** Closes the writers' files and stops the threads; `abort` (or an earlier failure) stops them at once. */
  close(abort?: boolean): Promise<void>;
}

interface Pending {
  chunk: Chunk;
  resolve: (rows: Record<string, number>) => void;
  reject: (e: Error) => void;
}

export function createChunkPool(seed: number, dir: string, threads: number): ChunkPool {
  return threads > 0 ? new WorkerPool(seed, dir, threads) : new InlinePool(seed, dir);
}

class InlinePool implements ChunkPool {
  private readonly writer: ChunkWriter;
  private readonly queue: Pending[] = [];
  private pumping = false;

  constructor(seed: number, dir: string) {
    this.writer = new ChunkWriter(seed, dir, 'main');
  }

  run(chunk: Chunk): Promise<Record<string, number>> {
    return new Promise((resolve, reject) => {
      this.queue.push({ chunk, resolve, reject });
      if (!this.pumping) {
        this.pumping = true;
        setImmediate(() => this.pump());
      }
    });
  }

  /** One chunk per turn of the event loop, so DuckDB's callbacks, the progress bar and signals get a turn. */
  private pump(): void {
    const job = this.queue.shift();
    if (!job) {
      this.pumping = false;
      return;
    }
    try {
      job.resolve(this.writer.run(job.chunk.part, job.chunk.start, job.chunk.end));
    } catch (e) {
      job.reject(e as Error);
    }
    setImmediate(() => this.pump());
  }

  async close(): Promise<void> {
    for (const job of this.queue.splice(0)) job.reject(new Error('generator closed'));
    this.writer.close();
  }
}

class WorkerPool implements ChunkPool {
  private readonly queue: Pending[] = [];
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private readonly workers: Worker[] = [];
  private failure: Error | null = null;
  private closing = false;

  constructor(seed: number, dir: string, threads: number) {
    const boot = new URL('./generate-worker-boot.mjs', import.meta.url);
    for (let w = 0; w < threads; w++) {
      // A larger young generation: the simulator allocates many short-lived strings.
      const worker = new Worker(boot, {
        workerData: { seed, dir, writer: `w${w}` },
        resourceLimits: { maxYoungGenerationSizeMb: 96 },
      });
      this.workers.push(worker);
      this.idle.push(worker);
      worker.on('message', (m: WorkerReply) => {
        if ('closed' in m) return;
        const job = this.busy.get(worker);
        this.busy.delete(worker);
        if ('error' in m) return this.fail(new Error(`generator thread failed: ${m.error}`), job);
        job?.resolve(m.rows);
        this.idle.push(worker);
        this.dispatch();
      });
      worker.on('error', (e) => this.fail(e, this.busy.get(worker)));
      worker.on('exit', (code) => {
        if (!this.closing) this.fail(new Error(`generator thread exited early with code ${code}`));
      });
    }
  }

  run(chunk: Chunk): Promise<Record<string, number>> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ chunk, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.idle.length && this.queue.length && !this.failure) {
      const worker = this.idle.pop()!;
      const job = this.queue.shift()!;
      this.busy.set(worker, job);
      worker.postMessage(job.chunk satisfies WorkerRequest);
    }
  }

  private fail(e: Error, job?: Pending): void {
    if (this.failure) return;
    this.failure = e;
    job?.reject(e);
    for (const j of [...this.queue.splice(0), ...this.busy.values()]) j.reject(e);
    this.busy.clear();
  }

  async close(abort = false): Promise<void> {
    this.closing = true;
    if (abort || this.failure) {
      this.fail(new Error('generator closed'));
      await Promise.all(this.workers.map((w) => w.terminate()));
      return;
    }
    // Each worker closes its files and exits; wait for every exit so no file stays open.
    await Promise.all(
      this.workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            w.once('exit', () => resolve());
            w.postMessage({ close: true } satisfies WorkerRequest);
          }),
      ),
    );
  }
}

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../core/errors.ts';
import type { BinnedMatrix } from './binning.ts';
import type { GbdtModel, GbdtOptions } from './gbdt.ts';
import type { WorkerRequest } from './gbdt-worker.ts';

/**
 * Several independent boosted models fitted (or predicted) at once in worker threads. The binned
 * columns are copied once into SharedArrayBuffers that every worker reads without copying;
 * targets, weights and row lists travel with each task. Tasks are handed out largest first.
 * Results are identical to fitting the same tasks one after another (each task carries its seed).
 */
export interface ParallelFitTask {
  y: Float64Array;
  opts: GbdtOptions;
  weight?: Float64Array;
  rows?: Uint32Array;
  /** Work estimate for scheduling (default: the number of rows). */
  size?: number;
}

/** A copy of the binned columns in SharedArrayBuffers, which every worker reads in place. */
export function sharedMatrix(X: BinnedMatrix): BinnedMatrix {
  const columns = X.columns.map((c) => {
    if (c.buffer instanceof SharedArrayBuffer) return c;
    const s = new Uint8Array(new SharedArrayBuffer(c.length));
    s.set(c);
    return s;
  });
  return { ...X, columns };
}

function workerUrl(): URL {
  return new URL(`./gbdt-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
}

function startWorker(): Worker {
  const entry = workerUrl();
  // TypeScript sources need the tsx loader in the worker: the boot script registers it (loader
  // hooks of the parent, tsx's or a test runner's, do not reach worker threads).
  const registerTsx = entry.pathname.endsWith('.ts');
  return new Worker(new URL('./gbdt-worker-boot.mjs', import.meta.url), {
    workerData: { entry: entry.href, registerTsx },
  });
}

async function runPool<T, R>(
  X: BinnedMatrix,
  items: T[],
  sizeOf: (t: T) => number,
  request: (t: T, id: number) => WorkerRequest,
  threads: number,
): Promise<R[]> {
  const n = Math.max(1, Math.min(threads, items.length));
  const shared = sharedMatrix(X);
  const workers = Array.from({ length: n }, startWorker);
  const order = items.map((_, i) => i).sort((a, b) => sizeOf(items[b] as T) - sizeOf(items[a] as T) || a - b);
  const results: R[] = new Array(items.length);
  let next = 0;
  try {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            w.postMessage({ type: 'matrix', X: shared } satisfies WorkerRequest);
            const dispatch = () => {
              if (next >= order.length) return resolve();
              const id = order[next++] as number;
              w.postMessage(request(items[id] as T, id));
            };
            w.on('message', (msg: { id: number; error?: string; model?: R; out?: R }) => {
              if (msg.error) return reject(new AppError(500, 'worker-failed', msg.error));
              results[msg.id] = (msg.model ?? msg.out) as R;
              dispatch();
            });
            w.on('error', reject);
            dispatch();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}

export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

export function fitGbdtParallel(
  X: BinnedMatrix,
  tasks: ParallelFitTask[],
  threads = defaultThreads(),
): Promise<GbdtModel[]> {
  return runPool<ParallelFitTask, GbdtModel>(
    X,
    tasks,
    (t) => t.size ?? t.rows?.length ?? X.nRows,
    (t, id) => ({ type: 'fit', id, y: t.y, opts: t.opts, weight: t.weight, rows: t.rows }),
    threads,
  );
}

export function predictGbdtParallel(
  X: BinnedMatrix,
  models: GbdtModel[],
  threads = defaultThreads(),
): Promise<Float64Array[]> {
  return runPool<GbdtModel, Float64Array>(
    X,
    models,
    (m) => m.trees.length,
    (model, id) => ({ type: 'predict', id, model }),
    threads,
  );
}

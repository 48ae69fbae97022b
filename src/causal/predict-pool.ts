import { Worker } from 'node:worker_threads';
import { AppError } from '../core/errors.ts';
import { emptyPrediction, type UpliftModel, type UpliftPrediction } from './learners/types.ts';
import { type CausalModel, serializeModel } from './model-io.ts';
import type { PredictWorkerReply, PredictWorkerRequest } from './predict-pool-worker.ts';
import type { BinnedMatrix } from './trees/binning.ts';
import { defaultThreads, sharedMatrix } from './trees/parallel.ts';

interface Pending {
  resolve: (p: UpliftPrediction) => void;
  reject: (e: Error) => void;
}

/**
 * An uplift model's predictions on several threads: each worker receives the model once, then
 * every batch's rows are cut into one contiguous range per worker over shared binned columns.
 * A row's prediction depends on that row alone and is computed by the same code in the same order
 * (for a forest, the trees summed first to last), so the result is bit for bit the model's own
 * `predict`. Batches queue in the workers, so a caller can submit the next batch while the
 * current one runs (and its main thread stays free, e.g. to read the next batch from DuckDB).
 */
export class PredictPool {
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private failure: Error | null = null;
  private closed = false;
  /** Seconds the workers spent predicting, summed over the threads. */
  busySeconds = 0;

  private constructor(
    private readonly model: UpliftModel,
    private readonly workers: Worker[],
  ) {
    for (const w of workers) {
      w.on('message', (msg: PredictWorkerReply) => this.settle(msg));
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => {
        if (code !== 0 && !this.closed)
          this.fail(new AppError(500, 'worker-failed', `predict worker exited with ${code}`));
      });
    }
  }

  static start(model: UpliftModel, threads = defaultThreads()): PredictPool {
    const text = serializeModel(model as CausalModel);
    const entry = new URL(
      `./predict-pool-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`,
      import.meta.url,
    );
    // The boot script registers tsx in the worker when its code is TypeScript (the parent's loader
    // hooks do not reach worker threads).
    const boot = new URL('./trees/gbdt-worker-boot.mjs', import.meta.url);
    const workers = Array.from({ length: Math.max(1, threads) }, () => {
      const w = new Worker(boot, {
        workerData: { entry: entry.href, registerTsx: entry.pathname.endsWith('.ts') },
      });
      w.postMessage({ type: 'model', text } satisfies PredictWorkerRequest);
      return w;
    });
    return new PredictPool(model, workers);
  }

  get threads(): number {
    return this.workers.length;
  }

  /** The model's predictions for every row of X (rows split across the workers). */
  async predict(X: BinnedMatrix): Promise<UpliftPrediction> {
    if (this.failure) throw this.failure;
    const shared = sharedMatrix(X);
    const n = X.nRows;
    const parts = this.workers.length;
    const ranges = Array.from({ length: parts }, (_, j) => [
      Math.floor((j * n) / parts),
      Math.floor(((j + 1) * n) / parts),
    ]);
    const pieces = await Promise.all(
      this.workers.map((w, j) => {
        const [from, to] = ranges[j] as [number, number];
        const id = this.nextId++;
        return new Promise<UpliftPrediction>((resolve, reject) => {
          this.pending.set(id, { resolve, reject });
          w.postMessage({ type: 'predict', id, X: shared, from, to } satisfies PredictWorkerRequest);
        });
      }),
    );
    const K = this.model.armNames.length - 1;
    const out = emptyPrediction(n, K);
    pieces.forEach((p, j) => {
      const from = (ranges[j] as [number, number])[0];
      out.baseline.set(p.baseline, from);
      for (let k = 0; k < K; k++) (out.uplift[k] as Float64Array).set(p.uplift[k] as Float64Array, from);
    });
    return out;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private settle(msg: PredictWorkerReply): void {
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    this.busySeconds += msg.seconds ?? 0;
    if (msg.error || !msg.prediction)
      p.reject(new AppError(500, 'worker-failed', msg.error ?? 'no prediction'));
    else p.resolve(msg.prediction);
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}

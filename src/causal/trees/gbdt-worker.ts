/**
 * Worker side of `fitGbdtParallel` / `predictGbdtParallel`: rebuilds the binned matrix over the
 * shared column buffers (no copy) and fits or predicts the tasks it is sent.
 */
import { parentPort } from 'node:worker_threads';
import type { BinnedMatrix } from './binning.ts';
import { fitGbdt, type GbdtModel, type GbdtOptions, predictGbdt } from './gbdt.ts';

export type WorkerRequest =
  | { type: 'matrix'; X: BinnedMatrix }
  | {
      type: 'fit';
      id: number;
      y: Float64Array;
      opts: GbdtOptions;
      weight?: Float64Array;
      rows?: Uint32Array;
    }
  | { type: 'predict'; id: number; model: GbdtModel };

let X: BinnedMatrix | null = null;

parentPort?.on('message', (msg: WorkerRequest) => {
  try {
    if (msg.type === 'matrix') {
      X = msg.X;
      return;
    }
    if (!X) throw new Error('no matrix sent to the worker');
    if (msg.type === 'fit') {
      const model = fitGbdt(X, msg.y, msg.opts, msg.weight, msg.rows);
      parentPort?.postMessage({ id: msg.id, model });
    } else {
      const out = predictGbdt(msg.model, X);
      parentPort?.postMessage({ id: msg.id, out }, [out.buffer as ArrayBuffer]);
    }
  } catch (e) {
    parentPort?.postMessage({ id: (msg as { id?: number }).id ?? -1, error: (e as Error).message });
  }
});

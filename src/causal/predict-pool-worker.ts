/**
 * Worker side of `PredictPool`: rebuilds the model once from model-io's text (every double bit for
 * bit), then predicts the row ranges it is sent, reading the shared binned columns without a copy.
 */
import { parentPort } from 'node:worker_threads';
import type { UpliftModel, UpliftPrediction } from './learners/types.ts';
import { deserializeModel } from './model-io.ts';
import type { BinnedMatrix } from './trees/binning.ts';

export type PredictWorkerRequest =
  | { type: 'model'; text: string }
  | { type: 'predict'; id: number; X: BinnedMatrix; from: number; to: number };

export interface PredictWorkerReply {
  id: number;
  prediction?: UpliftPrediction;
  /** Seconds the worker spent on this batch. */
  seconds?: number;
  error?: string;
}

let model: UpliftModel | null = null;

/** Rows [from, to) of X as a matrix of their own: subarray views, so nothing is copied. */
function rowRange(X: BinnedMatrix, from: number, to: number): BinnedMatrix {
  return { ...X, nRows: to - from, columns: X.columns.map((c) => c.subarray(from, to)) };
}

parentPort?.on('message', (msg: PredictWorkerRequest) => {
  if (msg.type === 'model') {
    model = deserializeModel(msg.text).model as unknown as UpliftModel;
    return;
  }
  try {
    if (!model) throw new Error('no model sent to the worker');
    const t0 = performance.now();
    const prediction = model.predict(rowRange(msg.X, msg.from, msg.to));
    const seconds = (performance.now() - t0) / 1000;
    // A set: a learner may hand back several arms over one buffer, and a buffer transfers once.
    const buffers = [
      ...new Set([prediction.baseline, ...prediction.uplift].map((a) => a.buffer as ArrayBuffer)),
    ];
    parentPort?.postMessage({ id: msg.id, prediction, seconds } satisfies PredictWorkerReply, buffers);
  } catch (e) {
    parentPort?.postMessage({ id: msg.id, error: (e as Error).message } satisfies PredictWorkerReply);
  }
});

/** Worker side of `UpliftForest.fitAsync`: grows trees [from, to) of the forest. */
import { parentPort } from 'node:worker_threads';
import type { UpliftDataset } from '../learners/types.ts';
import { UpliftForest, type UpliftForestOptions } from './uplift-forest.ts';

parentPort?.on(
  'message',
  (msg: { d: UpliftDataset; opts: UpliftForestOptions; from: number; to: number }) => {
    try {
      const forest = UpliftForest.fit(msg.d, msg.opts, [msg.from, msg.to]);
      parentPort?.postMessage({ trees: forest.trees });
    } catch (e) {
      parentPort?.postMessage({ error: (e as Error).message });
    }
  },
);

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../core/errors.ts';
import type { UpliftDataset } from '../learners/types.ts';
import type { BinnedMatrix } from '../trees/binning.ts';
import type { UpliftForestOptions, UpliftTreeData } from './uplift-forest.ts';

function shared<T extends Uint8Array | Int32Array | Float64Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const Ctor = a.constructor as { new (b: SharedArrayBuffer): T };
  const out = new Ctor(new SharedArrayBuffer(a.byteLength));
  out.set(a as never);
  return out;
}

/** Grows the forest's trees in contiguous chunks, one worker per chunk, over shared columns. */
export async function fitForestChunks(
  d: UpliftDataset,
  opts: UpliftForestOptions,
  nTrees: number,
  threads = availableParallelism(),
): Promise<UpliftTreeData[][]> {
  const n = Math.max(1, Math.min(threads, nTrees));
  const X: BinnedMatrix = { ...d.X, columns: d.X.columns.map(shared) };
  const sd: UpliftDataset = {
    ...d,
    X,
    arm: shared(d.arm),
    y: shared(d.y),
    propensity: shared(d.propensity),
    weight: d.weight ? shared(d.weight) : undefined,
    campaign: d.campaign ? shared(d.campaign) : undefined,
  };
  const entry = new URL(`./forest-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
  const registerTsx = entry.pathname.endsWith('.ts');
  const boot = new URL('../trees/gbdt-worker-boot.mjs', import.meta.url);
  const jobs = Array.from({ length: n }, (_, j) => {
    const from = Math.floor((j * nTrees) / n);
    const to = Math.floor(((j + 1) * nTrees) / n);
    const w = new Worker(boot, { workerData: { entry: entry.href, registerTsx } });
    return new Promise<UpliftTreeData[]>((resolve, reject) => {
      w.on('message', (msg: { trees?: UpliftTreeData[]; error?: string }) => {
        if (msg.error) reject(new AppError(500, 'worker-failed', msg.error));
        else resolve(msg.trees ?? []);
      });
      w.on('error', reject);
      w.postMessage({ d: sd, opts, from, to });
    }).finally(() => w.terminate());
  });
  return Promise.all(jobs);
}

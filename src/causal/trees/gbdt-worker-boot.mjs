// Starts a worker of the causal core (GBDT or uplift forest) given by workerData.entry. When the
// worker's code is TypeScript, the tsx loader is registered first: loader hooks of the parent
// process (tsx's, a test runner's) do not reach worker threads.
import { workerData } from 'node:worker_threads';

if (workerData?.registerTsx) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);

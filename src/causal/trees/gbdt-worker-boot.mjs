// Starts the GBDT worker. When the worker's code is TypeScript and the parent did not run under
// tsx (a test runner, for instance), the tsx loader is registered first.
import { workerData } from 'node:worker_threads';

if (workerData?.registerTsx) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);

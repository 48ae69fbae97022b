import { parentPort, workerData } from 'node:worker_threads';
import { ChunkWriter } from './chunk-writer.ts';

/** Worker thread: simulates the chunks of customers the main thread sends, into its own files. */
interface Init {
  seed: number | string;
  dir: string;
  writer: string;
}
export type WorkerRequest = { part: number; start: number; end: number } | { close: true };
export type WorkerReply = { rows: Record<string, number> } | { closed: true } | { error: string };

const init = workerData as Init;
const port = parentPort!;
let writer: ChunkWriter | null = null;
try {
  writer = new ChunkWriter(init.seed, init.dir, init.writer);
} catch (e) {
  port.postMessage({ error: (e as Error).stack ?? String(e) } satisfies WorkerReply);
}
port.on('message', (msg: WorkerRequest) => {
  try {
    if ('close' in msg) {
      writer?.close();
      port.postMessage({ closed: true } satisfies WorkerReply);
      port.close();
      return;
    }
    const rows = writer!.run(msg.part, msg.start, msg.end);
    port.postMessage({ rows } satisfies WorkerReply);
  } catch (e) {
    port.postMessage({ error: (e as Error).stack ?? String(e) } satisfies WorkerReply);
  }
});

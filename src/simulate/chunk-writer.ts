import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { planCampaigns } from './campaigns.ts';
import { buildCatalogue } from './catalogue.ts';
import { type SimulationEnv, simulateCustomer } from './customer-sim.ts';
import { SeededFaker } from './fake-data.ts';
import { RowBuffers } from './row-buffers.ts';
import { TABLE_KEYS } from './tables.ts';

/**
 * Simulates ranges of customers and appends their rows to this writer's own CSV files
 * (`<dir>/<table>.<writer>.csv`), so several writers (threads) never share a file and the
 * loader reads them all with one glob.
 */
/**
 * Customers between two writes. Small on purpose: rows held in memory survive the young-generation
 * collections and get copied each time, which cost more than a third of the time with big batches.
 */
const FLUSH_EVERY = 50;

export class ChunkWriter {
  private readonly env: SimulationEnv;
  private readonly fds = new Map<string, number>();
  private readonly out = new RowBuffers();

  constructor(seed: number | string, dir: string, writer: string) {
    this.env = { seed, cat: buildCatalogue(seed), campaigns: planCampaigns(seed), faker: new SeededFaker() };
    for (const k of TABLE_KEYS) this.fds.set(k, openSync(join(dir, `${k}.${writer}.csv`), 'a'));
  }

  /** Simulates customers [start, end) and returns the rows written per table. */
  run(start: number, end: number): Record<string, number> {
    const total: Record<string, number> = {};
    for (let i = start; i < end; i += FLUSH_EVERY) {
      const stop = Math.min(end, i + FLUSH_EVERY);
      for (let j = i; j < stop; j++) simulateCustomer(j, this.env, this.out);
      const { text, rows } = this.out.drain();
      for (const k of TABLE_KEYS) {
        if (text[k]) writeSync(this.fds.get(k)!, text[k]!);
        total[k] = (total[k] ?? 0) + rows[k]!;
      }
    }
    return total;
  }

  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }
}

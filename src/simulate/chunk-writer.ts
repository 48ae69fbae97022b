import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { planCampaigns } from './campaigns.ts';
import { buildCatalogue } from './catalogue.ts';
import { type SimulationEnv, simulateCustomer } from './customer-sim.ts';
import { SeededFaker } from './fake-data.ts';
import { RowBuffers } from './row-buffers.ts';
import { partFile, TABLE_KEYS } from './tables.ts';

/**
 * Customers between two writes. Small on purpose: rows held in memory survive the young-generation
 * collections and get copied each time, which cost more than a third of the time with big batches.
 */
const FLUSH_EVERY = 50;

/**
 * Simulates chunks of customers and appends their rows to this writer's own CSV files, one per
 * table and part (`<dir>/<table>.p<part>.<writer>.csv`, see `partFile`), so several writers
 * (threads) never share a file and the loader reads a whole part with one glob per table.
 */
export class ChunkWriter {
  private readonly env: SimulationEnv;
  private readonly fds = new Map<string, number>();
  private readonly out = new RowBuffers();
  private part = -1;

  constructor(
    seed: number | string,
    private readonly dir: string,
    private readonly writer: string,
  ) {
    this.env = { seed, cat: buildCatalogue(seed), campaigns: planCampaigns(seed), faker: new SeededFaker() };
  }

  /** Simulates customers [start, end) into the files of `part` and returns the rows written per table. */
  run(part: number, start: number, end: number): Record<string, number> {
    if (part !== this.part) this.open(part);
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

  /** Every part's files are complete once its chunks are done: a new part closes the old files. */
  private open(part: number): void {
    this.close();
    this.part = part;
    for (const k of TABLE_KEYS)
      this.fds.set(k, openSync(join(this.dir, partFile(k, part, this.writer)), 'a'));
  }

  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
    this.part = -1;
  }
}

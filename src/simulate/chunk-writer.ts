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
    for (let i = start; i < end; i++) simulateCustomer(i, this.env, this.out);
    const { text, rows } = this.out.drain();
    for (const k of TABLE_KEYS) if (text[k]) writeSync(this.fds.get(k)!, text[k]!);
    return rows;
  }

  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }
}

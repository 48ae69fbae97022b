import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.ts';
import { importTable } from '../../import/import-table.ts';
import type { DuckDbStore } from '../../store/duckdb-store.ts';
import { openStore } from '../../store/open.ts';
import { trainUplift } from './train-uplift.ts';

/**
 * The per-customer uplifts the default learner finds on a small shop's own campaign history are
 * at the planted size, not shrunk toward 0: on the e-mail tool's history of docs/data-import.md
 * (eleventh session) the pooled shared base gave 0.030 where free shipping added 0.10.
 */
const CUSTOMERS = 3000;
const SENDS = ['2025-03-11', '2025-05-13', '2025-07-15'];
/** Free shipping adds this to the conversion of customers whose orders are large. */
const PLANTED = 0.1;

/**
 * Customers whose orders are about $120 (2 in 5) or $40, three orders each in 2024; three
 * campaigns to everyone, each 20% holdout, 40% free shipping, 40% discount. A conversion is an
 * order within the 7-day window: 5% for everyone, plus PLANTED for the large-order customers sent
 * free shipping. The discount does nothing.
 */
function writeShop(dir: string): Set<string> {
  const rng = new Rng(7);
  const customers = ['customer_id,creation_date'];
  const orders = ['order_id,customer_id,ordered_at,subtotal,total'];
  const sends = ['campaign_id,customer_id,arm,sent_at'];
  const large = new Set<string>();
  let order = 0;
  for (let i = 0; i < CUSTOMERS; i++) {
    const id = `c${i}`;
    const value = rng.bernoulli(0.4) ? 120 : 40;
    if (value === 120) large.add(id);
    customers.push(`${id},2023-06-0${1 + (i % 9)}`);
    for (const month of ['02', '06', '10']) {
      const amount = (value * (0.85 + 0.3 * rng.next())).toFixed(2);
      orders.push(`o${++order},${id},2024-${month}-1${i % 9}T12:00:00Z,${amount},${amount}`);
    }
    SENDS.forEach((day, c) => {
      const arm = rng.bernoulli(0.2) ? 'control' : rng.bernoulli(0.5) ? 'free_shipping' : 'discount';
      sends.push(`camp${c},${id},${arm},${day}T18:00:00Z`);
      const p = 0.05 + (arm === 'free_shipping' && value === 120 ? PLANTED : 0);
      if (rng.bernoulli(p)) {
        const amount = (value * (0.85 + 0.3 * rng.next())).toFixed(2);
        const at = new Date(Date.parse(`${day}T18:00:00Z`) + (1 + (i % 5)) * 86_400_000);
        orders.push(`o${++order},${id},${at.toISOString()},${amount},${amount}`);
      }
    });
  }
  writeFileSync(join(dir, 'customers.csv'), `${customers.join('\n')}\n`);
  writeFileSync(join(dir, 'orders.csv'), `${orders.join('\n')}\n`);
  writeFileSync(join(dir, 'sends.csv'), `${sends.join('\n')}\n`);
  const list = ['campaign_id,name', ...SENDS.map((d, c) => `camp${c},Send of ${d}`)];
  writeFileSync(join(dir, 'campaigns.csv'), `${list.join('\n')}\n`);
  return large;
}

describe('uplift sizes on a small campaign history', () => {
  let dir: string;
  let store: DuckDbStore;
  let large: Set<string>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aether-history-size-'));
    large = writeShop(dir);
    store = await openStore(join(dir, 'shop.duckdb'));
    const quiet = { refreshProfiles: false };
    await importTable(store, 'customers', join(dir, 'customers.csv'), quiet);
    await importTable(store, 'orders', join(dir, 'orders.csv'), quiet);
    await importTable(store, 'campaign_exposures', join(dir, 'sends.csv'), quiet);
    await importTable(store, 'campaigns', join(dir, 'campaigns.csv'), {
      set: ['goal=conversion,channel=email,window_days=7'],
    });
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('free shipping: about +10 points for the large-order customers, about 0 for the others', async () => {
    const trained = await trainUplift(store, {
      goal: 'conversion',
      learner: 't',
      seed: 1,
      objective: 'conversion',
      channel: 'email',
    });
    expect(trained.training_rows).toBe(CUSTOMERS * SENDS.length);
    const scores = await store.query<{ customer_id: string; u: number }>(
      'SELECT customer_id, uplift_score_for_free_shipping AS u FROM customer_scores WHERE model_version = $1',
      [trained.model_version],
    );
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const inGroup = mean(scores.filter((s) => large.has(s.customer_id)).map((s) => s.u));
    const others = mean(scores.filter((s) => !large.has(s.customer_id)).map((s) => s.u));
    // Measured 0.093 / -0.006 (2026-11-28). With the settings before campaignHistoryLearnerOptions,
    // the pooled shared base (learnerOptions `{ sharedBase: true, leafFloor: 300, armGbdt: { cvFolds:
    // 0, fitInitOffset: false } }` restores them), 0.055 / -0.010: shrunk by almost half.
    expect(inGroup).toBeGreaterThan(0.07);
    expect(inGroup).toBeLessThan(0.13);
    expect(Math.abs(others)).toBeLessThan(0.03);
  }, 180_000);
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../core/rng.ts';
import { importTable } from '../import/import-table.ts';
import type { DuckDbStore } from '../store/duckdb-store.ts';
import { openStore } from '../store/open.ts';

/** The three e-mail sends of the shop, each to every customer. */
export const THREE_SENDS = ['2025-03-11', '2025-05-13', '2025-07-15'];

export interface ThreeSendShopOptions {
  customers: number;
  seed: number;
  /** What a send of `arm` adds to the 5% conversion of a customer whose orders are large or not. */
  lift: (arm: string, large: boolean) => number;
}

/**
 * A shop's own history as files for `aether import` (customers.csv, orders.csv, sends.csv,
 * campaigns.csv): customers whose orders are about $120 (2 in 5) or $40, three orders each in 2024;
 * three campaigns to everyone, each 20% control, 40% free shipping, 40% discount. A conversion is an
 * order within 7 days of the send, with probability 5% plus `lift`. Returns the large-order
 * customers' ids.
 */
export function writeThreeSendShop(dir: string, options: ThreeSendShopOptions): Set<string> {
  const rng = new Rng(options.seed);
  const customers = ['customer_id,creation_date'];
  const orders = ['order_id,customer_id,ordered_at,subtotal,total'];
  const sends = ['campaign_id,customer_id,arm,sent_at'];
  const large = new Set<string>();
  let order = 0;
  for (let i = 0; i < options.customers; i++) {
    const id = `c${i}`;
    const value = rng.bernoulli(0.4) ? 120 : 40;
    if (value === 120) large.add(id);
    customers.push(`${id},2023-06-0${1 + (i % 9)}`);
    for (const month of ['02', '06', '10']) {
      const amount = (value * (0.85 + 0.3 * rng.next())).toFixed(2);
      orders.push(`o${++order},${id},2024-${month}-1${i % 9}T12:00:00Z,${amount},${amount}`);
    }
    THREE_SENDS.forEach((day, c) => {
      const arm = rng.bernoulli(0.2) ? 'control' : rng.bernoulli(0.5) ? 'free_shipping' : 'discount';
      sends.push(`camp${c},${id},${arm},${day}T18:00:00Z`);
      if (rng.bernoulli(0.05 + options.lift(arm, value === 120))) {
        const amount = (value * (0.85 + 0.3 * rng.next())).toFixed(2);
        const at = new Date(Date.parse(`${day}T18:00:00Z`) + (1 + (i % 5)) * 86_400_000);
        orders.push(`o${++order},${id},${at.toISOString()},${amount},${amount}`);
      }
    });
  }
  writeFileSync(join(dir, 'customers.csv'), `${customers.join('\n')}\n`);
  writeFileSync(join(dir, 'orders.csv'), `${orders.join('\n')}\n`);
  writeFileSync(join(dir, 'sends.csv'), `${sends.join('\n')}\n`);
  const list = ['campaign_id,name', ...THREE_SENDS.map((d, c) => `camp${c},Send of ${d}`)];
  writeFileSync(join(dir, 'campaigns.csv'), `${list.join('\n')}\n`);
  return large;
}

/** The files of writeThreeSendShop imported into `dir/shop.duckdb` (profiles not refreshed). */
export async function importThreeSendShop(dir: string): Promise<DuckDbStore> {
  const store = await openStore(join(dir, 'shop.duckdb'));
  const quiet = { refreshProfiles: false };
  await importTable(store, 'customers', join(dir, 'customers.csv'), quiet);
  await importTable(store, 'orders', join(dir, 'orders.csv'), quiet);
  await importTable(store, 'campaign_exposures', join(dir, 'sends.csv'), quiet);
  await importTable(store, 'campaigns', join(dir, 'campaigns.csv'), {
    set: ['goal=conversion,channel=email,window_days=7'],
  });
  return store;
}

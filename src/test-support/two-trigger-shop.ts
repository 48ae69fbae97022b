import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../core/rng.ts';
import { aetherJson } from './run-cli.ts';

/**
 * Files for `aether import` (customers.csv, orders.csv, exposures.csv, campaigns.csv; campaigns
 * with --set goal=conversion,channel=email,window_days=7) of a shop whose campaign history tested
 * some of the catalogue's triggers (the CLI test and the browser test of untested triggers).
 */
export const TWO_TRIGGER_SHOP_CUSTOMERS = 1200;
const CAMPAIGN = { id: 'c1', name: 'Spring: discount vs free shipping', sent: '2025-03-11T18:00:00+00:00' };

/**
 * A shop whose one e-mail campaign tested 2 of the catalogue's 10 triggers: free shipping lifts
 * conversion within 7 days from 5% to 30%, the discount does nothing. The other 8 were never sent.
 */
export function writeTwoTriggerShop(dir: string): void {
  const rng = new Rng(7);
  const customers = ['customer_id,creation_date,email_opt_in'];
  const orders = ['order_id,customer_id,ordered_at,subtotal,total'];
  const log = ['customer_id,campaign_id,arm,sent_at'];
  let order = 0;
  for (let i = 0; i < TWO_TRIGGER_SHOP_CUSTOMERS; i++) {
    customers.push(`c${i},2024-01-0${1 + (i % 9)},true`);
    orders.push(`o${++order},c${i},2024-06-0${1 + (i % 9)}T12:00:00Z,50,50`);
    const arm = rng.bernoulli(0.2) ? 'control' : rng.bernoulli(0.5) ? 'discount' : 'free_shipping';
    log.push(`c${i},${CAMPAIGN.id},${arm},${CAMPAIGN.sent}`);
    if (rng.bernoulli(arm === 'free_shipping' ? 0.3 : 0.05))
      orders.push(`o${++order},c${i},2025-03-13T12:00:00Z,60,60`);
  }
  writeFileSync(join(dir, 'customers.csv'), `${customers.join('\n')}\n`);
  writeFileSync(join(dir, 'orders.csv'), `${orders.join('\n')}\n`);
  writeFileSync(join(dir, 'exposures.csv'), `${log.join('\n')}\n`);
  writeFileSync(join(dir, 'campaigns.csv'), `campaign_id,name\n${CAMPAIGN.id},${CAMPAIGN.name}\n`);
}

/**
 * The shop written into `dir` and imported through the real CLI into `dir/shop.duckdb` (not yet
 * trained); returns the database's path. Throws with the CLI's stderr if an import is refused.
 */
export async function importTwoTriggerShop(dir: string): Promise<string> {
  writeTwoTriggerShop(dir);
  const db = join(dir, 'shop.duckdb');
  const imports: string[][] = [
    ['customers', 'customers.csv'],
    ['orders', 'orders.csv'],
    ['campaign_exposures', 'exposures.csv'],
    ['campaigns', 'campaigns.csv', '--set', 'goal=conversion,channel=email,window_days=7'],
  ];
  for (const [table, file, ...rest] of imports) {
    const r = await aetherJson(db, 'import', table as string, join(dir, file as string), ...rest);
    if (r.code !== 0) throw new Error(`import ${table} of the two-trigger shop failed: ${r.stderr}`);
  }
  return db;
}

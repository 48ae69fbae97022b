import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.ts';
import { aetherJson as aether } from '../test-support/run-cli.ts';

const CUSTOMERS = 1500;
const CAMPAIGNS = [
  { id: '01HQ7XKZ3M', name: 'March: 15% off vs free shipping', sent: '2025-03-11T18:00:00+00:00' },
  { id: '01J7RZ6D4K', name: 'September: the same test', sent: '2025-09-09T18:00:00+00:00' },
];
const VARIANT = { discount: 'A - 15% OFF everything', free_shipping: 'B - Free shipping, orders over $80' };

/**
 * A shop as its own tools export it: a customer list and orders in the store's names (the shop
 * export recipes are tested elsewhere), and from the e-mail tool a campaign list without arms and
 * a send log with variant names and an empty variant for the holdout. Free shipping lifts
 * conversion within 7 days by 25 points for everyone; the discount and the holdout convert at 5%.
 */
function writeShop(dir: string, seed: number): void {
  const rng = new Rng(seed);
  const customers = ['customer_id,creation_date'];
  const orders = ['order_id,customer_id,ordered_at,subtotal,total'];
  const log = ['Email,Campaign ID,Campaign Name,Variant,Event Time'];
  let order = 0;
  for (let i = 0; i < CUSTOMERS; i++) {
    const email = `c${i}@example.com`;
    customers.push(`${email},2024-01-0${1 + (i % 9)}`);
    orders.push(`o${++order},${email},2024-06-0${1 + (i % 9)}T12:00:00Z,50,50`);
    for (const c of CAMPAIGNS) {
      const arm = rng.bernoulli(0.2) ? 'control' : rng.bernoulli(0.5) ? 'discount' : 'free_shipping';
      const variant = arm === 'control' ? '' : `"${VARIANT[arm]}"`;
      log.push(`${email},${c.id},${c.name},${variant},${c.sent}`);
      if (rng.bernoulli(arm === 'free_shipping' ? 0.3 : 0.05)) {
        const day = c.sent.slice(0, 8) + String(Number(c.sent.slice(8, 10)) + 2).padStart(2, '0');
        orders.push(`o${++order},${email},${day}T12:00:00Z,60,60`);
      }
    }
  }
  writeFileSync(join(dir, 'customers.csv'), `${customers.join('\n')}\n`);
  writeFileSync(join(dir, 'orders.csv'), `${orders.join('\n')}\n`);
  writeFileSync(join(dir, 'send_log.csv'), `${log.join('\n')}\n`);
  const list = ['Campaign Name,Campaign ID,Subject', ...CAMPAIGNS.map((c) => `${c.name},${c.id},Hello`)];
  writeFileSync(join(dir, 'campaigns.csv'), `${list.join('\n')}\n`);
}

describe('campaign history from an e-mail tool, through the real CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'aether-email-history-'));
    writeShop(dir, 11);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports, trains, says how to hold a campaign out, and evaluates on the one held out', async () => {
    const db = join(dir, 'shop.duckdb');
    await aether(db, 'import', 'customers', join(dir, 'customers.csv'));
    await aether(db, 'import', 'orders', join(dir, 'orders.csv'));
    const exposures = await aether(
      db,
      'import',
      'campaign_exposures',
      join(dir, 'send_log.csv'),
      '--map',
      'campaign_id=Campaign ID,customer_id=Email,arm=Variant,sent_at=Event Time',
      '--value-map',
      `arm:A - 15% OFF everything=discount,arm:"${VARIANT.free_shipping}"=free_shipping,arm:=control`,
    );
    expect(exposures.doc).toMatchObject({ imported: CUSTOMERS * 2, rejected: 0 });
    const settings = ['--set', 'goal=conversion,channel=email,window_days=7'];
    const map = ['--map', 'campaign_id=Campaign ID,name=Campaign Name'];
    const campaigns = await aether(
      db,
      'import',
      'campaigns',
      join(dir, 'campaigns.csv'),
      ...map,
      ...settings,
    );
    expect(campaigns.doc).toMatchObject({ imported: 2, rejected: 0 });

    const trained = await aether(db, 'train', '--no-derived');
    expect(trained.doc).toMatchObject({
      training_rows: CUSTOMERS * 2,
      best_single_arm_on_training: 'free_shipping',
      evaluation: null,
    });
    const unevaluated = await aether(db, 'evaluate');
    expect((unevaluated.doc.error as { detail: string }).detail).toContain(
      '--set reserved_for_evaluation=true',
    );

    // September held out: the same campaign list, its id column read as the flag (* = every other).
    await aether(
      db,
      'import',
      'campaigns',
      join(dir, 'campaigns.csv'),
      '--map',
      'campaign_id=Campaign ID,name=Campaign Name,reserved_for_evaluation=Campaign ID',
      '--value-map',
      `reserved_for_evaluation:${CAMPAIGNS[1].id}=true,reserved_for_evaluation:*=false`,
      ...settings,
    );
    const retrained = await aether(db, 'train', '--no-derived');
    expect(retrained.doc).toMatchObject({ training_rows: CUSTOMERS, training_campaigns: 1 });
    const evaluated = await aether(db, 'evaluate');
    expect(evaluated.doc).toMatchObject({ holdout_rows: CUSTOMERS });
    const best = evaluated.doc.best_single_arm as { arm: string };
    expect(best.arm).toBe('free_shipping');
    // Free shipping for everyone converts at ~30% against ~5% for nobody: the held-out DR value of
    // the policy is far above treating nobody (a mislabelled holdout would flatten this).
    const policy = (evaluated.doc.policy_value_dr as { value: number }).value;
    const nobody = (evaluated.doc.treat_nobody_value as { value: number }).value;
    expect(policy - nobody).toBeGreaterThan(0.15);
  }, 240_000);
});

import { describe, expect, it } from 'vitest';
import { CampaignObjective } from '../contracts/coo.ts';
import { InvalidInput } from '../core/errors.ts';
import { Rng } from '../core/rng.ts';
import { interpretBrief } from './index.ts';

/*
 * Briefs written by others arrive in shapes no test foresaw. Seeded word salad from the pieces
 * the rules read (money, percentages, ranges, windows, places, negations, quotes, scripts other
 * than Latin, punctuation glued to words) must give either a COO that passes the schema or a
 * clear InvalidInput ("not a campaign brief") — never any other exception.
 */
const PIECES = (
  'remind send offer give free shipping discount 20% off $50 €1,000 £5k budget of customers who ' +
  "viewed bought abandoned cart carts over under between and or not no without don't except top 10% " +
  'clv above below 0.8 90th percentile in canada uk us new york last 2 weeks 30 days 3+ orders 2,000+ ' +
  'sneakers limited edition \'limited edition\' "vip" email sms push by 10% +3 points to 5% this quarter ' +
  'within 30 days loyalty points early access stock is low hurry ends friday reviews bestsellers ' +
  'lookbook story recommend matching it them everyone nobody - , . ; : ( ) / & ? ! 1-3 24-48 hours ' +
  '1.5x 2x 0 -5 1e9 NaN ∞ 日本 üñí 🚀 x y z'
).split(' ');

describe('interpretBrief on seeded word salad', () => {
  it('returns a valid COO or a clear InvalidInput for 2,000 random briefs', async () => {
    const rng = new Rng(2026);
    let valid = 0;
    let refused = 0;
    for (let i = 0; i < 2000; i++) {
      const n = 1 + rng.int(25);
      const glue = rng.bernoulli(0.1) ? '' : ' ';
      const text = Array.from({ length: n }, () => PIECES[rng.int(PIECES.length)]).join(glue);
      try {
        const { coo } = await interpretBrief(text, { backend: 'embedded', llm: null });
        const check = CampaignObjective.safeParse(coo);
        if (!check.success)
          throw new Error(`schema failure for ${JSON.stringify(text)}: ${check.error.message}`);
        valid++;
      } catch (e) {
        if (!(e instanceof InvalidInput)) throw new Error(`${String(e)} for ${JSON.stringify(text)}`);
        refused++;
      }
    }
    // Both outcomes occur: most salad has campaign words, some has none.
    expect(valid).toBeGreaterThan(1000);
    expect(refused).toBeGreaterThan(0);
  }, 120_000);
});

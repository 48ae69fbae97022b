import type { Criteria } from '../contracts/criteria.ts';
import type { CampaignGoal } from '../contracts/goals.ts';
import { CATEGORIES, lookup } from './gazetteer.ts';

/**
 * The goals an audience implies on its own (DESIGN.md §2 read against the §4 fields): abandoners
 * -> cart_recovery, lapsed -> win_back, churn risk or one-time buyers -> retention, AOV -> aov_increase, CLV / long
 * tenure / frequent buyers -> loyalty, email and content behaviour -> engagement, bought X but
 * never Y -> cross_sell. Writers label the goal of a brief with no goal words by its audience, so
 * the goal head gets these as features (the weights, not this table, decide how much they count).
 */
export function impliedGoals(c: Criteria | null): CampaignGoal[] {
  const leaves: Array<{ key: string; neg: boolean; op?: string; value?: unknown }> = [];
  const walk = (k: Criteria, neg: boolean): void => {
    if ('all' in k) for (const x of k.all) walk(x, neg);
    else if ('any' in k) for (const x of k.any) walk(x, neg);
    else if ('not' in k) walk(k.not, !neg);
    else if ('field' in k) leaves.push({ key: k.field, neg, op: k.op, value: k.value });
    else leaves.push({ key: `event:${k.event}`, neg });
  };
  if (c) walk(c, false);
  const out = new Set<CampaignGoal>();
  const has = (re: RegExp, neg = false): boolean => leaves.some((l) => l.neg === neg && re.test(l.key));
  if (has(/^abandoned_cart|^event:abandoned_cart$/)) out.add('cart_recovery');
  if (
    has(/^event:purchased$|^product_categories_purchased$/) &&
    has(/^event:purchased$|^product_categories_purchased$/, true)
  )
    out.add('cross_sell');
  if (has(/^days_since_last_purchase$/)) out.add('win_back');
  if (leaves.some((l) => l.key === 'session_count' && l.op === '=' && l.value === 0)) out.add('win_back');
  if (has(/^churn_probability_score$/)) out.add('retention');
  // One-time buyers: the campaign is about their second order, which both writers call retention.
  if (leaves.some((l) => l.key === 'purchase_frequency' && !l.neg && l.op === '=' && l.value === 1))
    out.add('retention');
  if (has(/^average_order_value$/)) out.add('aov_increase');
  if (has(/^(?:clv_score|lifetime_value)$/)) out.add('loyalty');
  if (leaves.some((l) => l.key === 'tenure_days' && (l.op === '>=' || l.op === '>'))) out.add('loyalty');
  if (
    leaves.some(
      (l) => l.key === 'purchase_frequency' && (l.op === '>=' || l.op === '>') && Number(l.value) >= 3,
    )
  )
    out.add('loyalty');
  if (
    has(
      /^(?:email_open_rate|email_click_through_rate|content_engagement_score|interacted_with_content|event:opened_email|event:clicked_email|event:viewed_content)$/,
    )
  )
    out.add('engagement');
  if (has(/^(?:event:purchased|orders_last_90_days)$/) && !has(/^event:purchased$/, true) && out.size === 0)
    out.add('conversion');
  // Never bought anything (first-timers, "no order ever"): the campaign is their first purchase.
  if (
    leaves.some((l) => l.neg && l.key === 'event:purchased') &&
    !has(/^event:purchased$|^product_categories_purchased$/) &&
    out.size === 0
  )
    out.add('conversion');
  return [...out];
}

/**
 * Whether the brief names a product category outside its audience that its buyers have not been
 * said to buy: "customers who bought a dress: suggest matching shoes", "get jewelry buyers to pick
 * up a handbag". A second category is what cross-selling is about, however it is worded; the
 * goal head weighs it (`text` is the brief with the audience's words masked).
 */
export function namesOtherCategory(c: Criteria | null, text: string): boolean {
  const bought = new Set<string>();
  const walk = (k: Criteria, neg: boolean): void => {
    if ('all' in k) for (const x of k.all) walk(x, neg);
    else if ('any' in k) for (const x of k.any) walk(x, neg);
    else if ('not' in k) walk(k.not, !neg);
    else if (neg) return;
    else if ('event' in k && k.event === 'purchased' && k.where?.category) bought.add(k.where.category);
    else if ('field' in k && k.field === 'product_categories_purchased')
      for (const v of [k.value].flat()) bought.add(String(v).toLowerCase());
  };
  if (c) walk(c, false);
  if (!bought.size) return false;
  return lookup(CATEGORIES, text).some((x) => !bought.has(x));
}

import type { Budget } from '../contracts/coo.ts';
import { parseAmount } from './text.ts';

/**
 * The campaign budget ("$50k budget", "spend up to €10,000", "budget: 5000 GBP") goes to
 * constraints.budget (DESIGN.md §3), never to the metric target. Only amounts tied to a budget
 * word count, so "carts over $150" is left to the audience rules.
 */
const CURRENCY_WORDS: Array<[RegExp, string]> = [
  [/^(?:c\$|cad)/, 'CAD'],
  [/^(?:a\$|aud)/, 'AUD'],
  [/^(?:€|eur|euros?)/, 'EUR'],
  [/^(?:£|gbp|pounds?|quid)/, 'GBP'],
  [/^(?:¥|jpy|yen)/, 'JPY'],
  [/^(?:\$|usd|dollars?|bucks)/, 'USD'],
];

const PRE = String.raw`(c\$|a\$|\$|€|£|¥|usd|eur|gbp|cad|aud)?\s?`;
const AMT = String.raw`(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s?(k|m|thousand|million)?`;
const POST = String.raw`(?:\s?(usd|eur|gbp|cad|aud|dollars|euros|pounds|bucks|quid))?`;
const MONEY = `${PRE}${AMT}${POST}`;

const BUDGET_PATTERNS = [
  new RegExp(
    String.raw`\b(?:budget|spend|spending|budgeted|cap(?:ped)?|ceiling|allocation)\b(?:\s+(?:is|of|at|cap|capped at|limit|limited to|up to|around|about|roughly|of up to|no more than|max(?:imum)?|:|=|under|below|within|total|for (?:this|the) campaign))*\s*:?\s*${MONEY}`,
    'g',
  ),
  new RegExp(
    String.raw`${MONEY}\s+(?:total\s+|overall\s+|campaign\s+|marketing\s+|max(?:imum)?\s+|incentive\s+|promo\s+)?(?:budget|spend|cap)\b`,
    'g',
  ),
  new RegExp(
    String.raw`\b(?:spend(?:ing)?|invest(?:ing)?|allocate|allocating)\s+(?:no more than|up to|at most|a maximum of|max(?:imum)?|under|around|about)?\s*${MONEY}`,
    'g',
  ),
];

export interface BudgetExtraction {
  budget: Budget | null;
  span: [number, number] | null;
}

export function extractBudget(text: string): BudgetExtraction {
  for (const re of BUDGET_PATTERNS) {
    re.lastIndex = 0;
    const m = re.exec(text);
    if (!m) continue;
    const pre = m[1];
    const num = m[2];
    const suffix = m[3];
    const post = m[4];
    // A bare number after "budget" is an amount only with a currency or a k/m suffix, or when it is large.
    let amount = parseAmount(num ?? '') ?? 0;
    if (suffix) amount *= /^(?:m|million)$/.test(suffix) ? 1_000_000 : 1000;
    if (!pre && !post && !suffix && amount < 100) continue;
    if (amount <= 0) continue;
    // "spend $150, save $30", "customers who spend over $200": the offer's terms or the audience.
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 24);
    const before = text.slice(Math.max(0, m.index - 16), m.index);
    if (/^\s*,?\s*(?:and\s+)?(?:save|get|to (?:unlock|get|qualify))\b/.test(after)) continue;
    if (/\b(?:who|that|they|you|customers|shoppers|people)\s+$/.test(before)) continue;
    const cur = currencyOf(pre ?? post ?? '$');
    return { budget: { amount, currency: cur }, span: [m.index, m.index + m[0].length] };
  }
  return { budget: null, span: null };
}

export function currencyOf(symbol: string): string {
  const s = symbol.trim().toLowerCase();
  for (const [re, code] of CURRENCY_WORDS) if (re.test(s)) return code;
  return 'USD';
}

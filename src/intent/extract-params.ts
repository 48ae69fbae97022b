import type { InterventionParams } from '../contracts/coo.ts';
import type { TriggerId } from '../contracts/triggers.ts';
import { parseAmount } from './text.ts';

/**
 * Details of the proposed trigger: the depth of a discount (percent or amount), the variant
 * (expedited shipping, BOGO, double points, cashback), and a deadline for urgency. Read only for
 * the trigger the classifier chose, so "20% off" never becomes a metric target.
 */
export interface ParamsExtraction {
  params: InterventionParams;
  spans: Array<[number, number]>;
}

const PERCENT_OFF =
  /\b(\d{1,2}(?:\.\d+)?)\s?(?:%|percent|pct)\s?(?:off|discount|coupon|code|voucher|markdown|cash ?back|back|savings?)|(?:discount|coupon|code|voucher|markdown|cash ?back|save|saving|savings) (?:of )?(?:up to )?(\d{1,2}(?:\.\d+)?)\s?(?:%|percent)/g;
const AMOUNT_OFF =
  /(?:\$|€|£)\s?(\d+(?:\.\d+)?)\s?(?:off|discount|coupon|voucher|credit|store credit|gift card|cash ?back)|(?:discount|coupon|voucher|credit|gift card) (?:of |worth )?(?:\$|€|£)\s?(\d+(?:\.\d+)?)/g;

const OFFER_TERMS =
  /\b(?:on|with|for) (?:any |all |every |their next |the next )?(?:orders?|purchases?|checkouts?) (?:over|above|of|worth|totall?ing|from)\s?(?:\$|€|£)?\s?\d[\d,.]*\s?(?:k\b)?\+?(?:\s?(?:items?|pieces|products|or more))?|\bspend (?:\$|€|£)\s?\d[\d,.]*,? (?:and )?(?:save|get) (?:a |an )?(?:\$|€|£)\s?\d[\d,.]*(?: off)?|\bmin(?:imum|\.)? (?:spend|order|basket)(?: of)? (?:\$|€|£)\s?\d[\d,.]*|(?:\$|€|£)\s?\d[\d,.]*\s?back\b|\bwhen (?:they|you) spend (?:over |more than )?(?:\$|€|£)\s?\d[\d,.]*/g;

export function extractParams(text: string, trigger: TriggerId | null): ParamsExtraction {
  const params: InterventionParams = {};
  const spans: Array<[number, number]> = [];
  // Percentages and amounts "off" are incentive details whatever trigger wins; mask them for the metric rules.
  // The offer's own terms ("on orders over $150", "spend $150, save $30", "$15 back", "orders of 2+
  // items") are conditions of the incentive, never a target or an audience.
  OFFER_TERMS.lastIndex = 0;
  for (let m = OFFER_TERMS.exec(text); m; m = OFFER_TERMS.exec(text))
    spans.push([m.index, m.index + m[0].length]);
  for (const re of [PERCENT_OFF, AMOUNT_OFF]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      spans.push([m.index, m.index + m[0].length]);
      const v = parseAmount(m[1] ?? m[2] ?? '');
      if (v === null) continue;
      const isPercent = re === PERCENT_OFF;
      if (
        trigger === 'discount' ||
        (trigger === 'loyalty_reward' && /cash ?back|credit|gift card/.test(m[0]))
      ) {
        if (isPercent && params.percent === undefined && v <= 100) params.percent = v;
        if (!isPercent && params.amount === undefined) params.amount = v;
      }
    }
  }
  if (
    trigger === 'free_shipping' &&
    /\b(?:expedited|express|next[- ]day|2[- ]day|same[- ]day|overnight|priority|faster|fast|rush|upgraded?)\b/.test(
      text,
    )
  )
    params.variant = 'expedited';
  if (trigger === 'discount' && /\b(?:bogo|buy 1,? get 1|2[- ]for[- ]1)\b/.test(text))
    params.variant = 'bogo';
  if (trigger === 'loyalty_reward') {
    if (/\b(?:double|2x) points\b/.test(text)) params.variant = 'double_points';
    else if (/\b(?:triple|3x) points\b/.test(text)) params.variant = 'triple_points';
    else if (/\bcash ?back\b/.test(text)) params.variant = 'cashback';
    else if (/\bgift with (?:a |any |every )?purchase|free gift\b/.test(text))
      params.variant = 'gift_with_purchase';
    else if (/\bpoints?\b/.test(text)) params.variant = 'bonus_points';
  }
  if (trigger === 'urgency_message' || trigger === 'discount') {
    const d =
      /\b(?:ends?|ending|expires?|expiring|until|through|valid (?:until|through|for)|only for|for just|for only|closes?)\s+((?:at )?midnight|tonight|today|tomorrow|(?:this )?(?:sunday|monday|tuesday|wednesday|thursday|friday|saturday|weekend)|the end of (?:the )?(?:day|week|month)|\d+\s?(?:hours?|hrs?|h|days?))\b|\b(\d+)[- ]?(hours?|hrs?|h|days?)[- ](?:only|window|sale|deal|flash|countdown|offer|timer)/.exec(
        text,
      );
    if (d) params.deadline = (d[1] ?? `${d[2]} ${/^h/.test(d[3]!) ? 'hours' : 'days'}`).replace(/^at /, '');
  }
  return { params, spans };
}

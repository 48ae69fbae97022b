import type { MetricTarget } from '../contracts/coo.ts';
import type { CampaignGoal } from '../contracts/goals.ts';
import { durationDays, parseAmount } from './text.ts';

/**
 * The metric target of a brief in its four kinds (DESIGN.md §3): "by 10%" (relative),
 * "+3 points" (points), "to 5%" (level), "1,000 orders" / "$200k in revenue" (absolute), with
 * its direction and horizon ("this quarter" = 90 days, "within 30 days"). Runs on text where the
 * budget, the incentive depth and the audience are already masked, so no other number is read as
 * a target. The horizon is set only when the brief states one.
 */
const METRICS: Array<[RegExp, string]> = [
  [
    /\b(?:cart|checkout|basket) (?:recovery|recoveries|completion)(?: rates?)?|recovery rates?|recovered (?:carts|baskets)/,
    'cart_recovery_rate',
  ],
  [
    /\b(?:average order values?|aov|average basket(?: size| value)?|basket (?:size|value)|order (?:size|value)|average (?:spend|order|ticket)|spend per order|cart size|ticket m[eé]dio)\b/,
    'average_order_value',
  ],
  [/\b(?:second|2nd)[- ](?:order|purchase|acquisition)(?: rates?| conversion)?\b/, 'second_order_rate'],
  [/\brecovered (?:revenue|sales)\b/, 'recovered_revenue'],
  [/\brecovered orders\b/, 'recovered_orders'],
  [/\bcontent engagement(?: rates?)?\b/, 'content_engagement_rate'],
  [/\bchurn(?: rates?)?\b|attrition/, 'churn_rate'],
  [/\bretention(?: rates?)?\b/, 'retention_rate'],
  [
    /\brepeat[- ](?:purchase|order|buy)(?:s|ing)?(?: rates?)?|repeat rates?|repurchase(?: rates?)?|order frequency/,
    'repeat_purchase_rate',
  ],
  [/\b(?:reactivation|win[- ]?back|re-?engagement|return)(?: rates?)?\b/, 'reactivation_rate'],
  [/\bpurchase frequency\b/, 'purchase_frequency'],
  [
    /\bopen rates?|email opens|opens\b|\d\s?% open\b|\bopen(?:ing|s)? (?:the |our )?(?:[a-z]+ ){0,3}(?:emails?|newsletters?)\b/,
    'email_open_rate',
  ],
  // The catalogue's field names (DESIGN.md §4), which both independent writers use for the target.
  [/\bclick[- ]?(?:through)?[- ]?rates?|ctr\b|clicks\b/, 'email_click_through_rate'],
  [/\bengagement(?: rates?)?\b/, 'engagement_rate'],
  [/\battach(?:ment)? rates?\b/, 'attach_rate'],
  [
    /\bcross[- ]category(?: purchase)?(?: rates?)?\b|multi[- ]category(?: purchase)?(?: rates?)?/,
    'cross_category_purchase_rate',
  ],
  [/\bcross[- ]sell(?:ing)?(?: rates?)?\b/, 'cross_sell_rate'],
  [/\b(?:redemption|uptake)(?: rates?)?\b/, 'redemption_rate'],
  [/\bunsubscribe(?:s| rates?)?\b/, 'unsubscribe_rate'],
  [/\b(?:pre-?orders?)\b/, 'preorders'],
  [/\b(?:sign-?ups?|enrol?ments?|registrations?)\b/, 'signups'],
  [/\b(?:revenue|gmv|sales revenue|turnover|incremental revenue)\b/, 'revenue'],
  [/\bconversion(?:s)?(?: rates?)?|\bconvert(?:ing)?|cvr\b|purchase rate|buy rate/, 'conversion_rate'],
  [/\b(?:orders|purchases|sales|transactions)\b/, 'orders'],
];

const ABSOLUTE_NOUNS: Array<[RegExp, string]> = [
  [/^(?:orders?|purchases?|sales|transactions|checkouts)$/, 'orders'],
  [/^(?:conversions?)$/, 'conversions'],
  // A recovered cart is a recovered order: both independent writers name the count so.
  [/^(?:recovered carts|carts?|baskets?|abandoned carts)$/, 'recovered_orders'],
  [/^(?:customers?|buyers?|shoppers?|users?|lapsed customers|clients)$/, 'customers'],
  [/^(?:sign[- ]?ups?|members?|subscribers?|registrations?|enrol?ments?)$/, 'signups'],
  [/^(?:pre-?orders?)$/, 'preorders'],
  [/^(?:units?|pieces|items?|pairs)$/, 'units_sold'],
  [/^(?:clicks?)$/, 'clicks'],
  [/^(?:opens?)$/, 'email_opens'],
  [/^(?:reviews?)$/, 'reviews'],
  [/^(?:visits?|sessions?)$/, 'sessions'],
  [/^(?:repeat purchases?|repeat orders?)$/, 'repeat_purchases'],
];

const GOAL_DEFAULT_METRIC: Record<CampaignGoal, string> = {
  conversion: 'conversion_rate',
  cart_recovery: 'cart_recovery_rate',
  win_back: 'reactivation_rate',
  retention: 'retention_rate',
  aov_increase: 'average_order_value',
  cross_sell: 'cross_category_purchase_rate',
  engagement: 'email_click_through_rate',
  loyalty: 'repeat_purchase_rate',
  product_launch: 'conversion_rate',
};

const DECREASE =
  /\b(?:halve\w*|reduce\w*|cut\w*|lower\w*|decreas\w+|drop\w*|shrink\w*|bring down|fewer|less|minimi[sz]e|halve|slash\w*|down)\b/;
const NUMBER = String.raw`(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)`;

export interface MetricExtraction {
  target: MetricTarget | null;
  spans: Array<[number, number]>;
}

export function extractMetric(text: string, goal: CampaignGoal): MetricExtraction {
  const found = findValue(text, goal);
  if (!found) return { target: null, spans: [] };
  const window = text.slice(Math.max(0, found.start - 70), Math.min(text.length, found.end + 50));
  // "KPI: repeat_purchase_rate +4pp": a metric written as a field name reads as its words.
  const near = nearestMetric(text.replace(/_/g, ' '), found.start, found.end);
  let metric = found.metric ?? near ?? GOAL_DEFAULT_METRIC[goal];
  // "lift purchase frequency by 0.5 orders per customer": the metric named just before the value
  // wins over the unit noun after it.
  if (found.metric === 'orders' && found.kind === 'absolute') {
    const lead = text.slice(Math.max(0, found.start - 40), found.start);
    const named = METRICS.filter(([re, name]) => name !== 'orders' && re.test(lead)).map(([, name]) => name);
    if (named.length === 1 && /\bby\s+$/.test(lead)) metric = named[0]!;
  }
  if (found.unit === 'currency' && !found.metric && !near) metric = 'revenue';
  let direction: MetricTarget['direction'] = DECREASE.test(window) ? 'decrease' : 'increase';
  if (/churn|unsubscribe/.test(metric) && !/\b(?:increase|raise|grow)\b/.test(window)) direction = 'decrease';
  const horizon = findHorizon(text, found.start);
  return {
    target: {
      metric,
      direction,
      kind: found.kind,
      value: found.value,
      unit: found.unit,
      horizon_days: horizon,
    },
    spans: [[found.start, found.end]],
  };
}

interface Found {
  kind: MetricTarget['kind'];
  value: number;
  unit: MetricTarget['unit'];
  metric?: string;
  start: number;
  end: number;
}

function findValue(raw: string, goal: CampaignGoal): Found | null {
  // "from 1,2% to 1,6%": a decimal comma before a percent sign (same length, so positions hold).
  const text = raw.replace(/(\d),(\d{1,2})(?=\s?%)/g, '$1.$2');
  const candidates: Found[] = [];
  const push = (re: RegExp, build: (m: RegExpExecArray) => Omit<Found, 'start' | 'end'> | null): void => {
    const g = new RegExp(re.source, 'g');
    for (let m = g.exec(text); m; m = g.exec(text)) {
      const f = build(m);
      if (f) candidates.push({ ...f, start: m.index, end: m.index + m[0].length });
    }
  };
  // from 2% to 3% -> level 3
  push(
    new RegExp(String.raw`\bfrom\s+(?:about\s+)?${NUMBER}\s?(?:%|percent)\s+to\s+${NUMBER}\s?(?:%|percent)`),
    (m) => ({
      kind: 'level',
      value: num(m[2]),
      unit: 'percent',
    }),
  );
  // "repeat rate 18% -> 24%", "conv 1.1% to 1.6%": where it stands, then the level wanted.
  push(
    new RegExp(
      String.raw`(?<![\w.])${NUMBER}\s?(?:%|percent)\s*(?:->|→|=>|to)\s*${NUMBER}\s?(?:%|percent)(?!\s*off\b)`,
    ),
    (m) => (num(m[2]) !== num(m[1]) ? { kind: 'level', value: num(m[2]), unit: 'percent' } : null),
  );
  // points: +3 points, 3pp, by 2 percentage points, a 3-point lift
  push(
    new RegExp(
      String.raw`(?<![\w$])\+?${NUMBER}\s?(?:-|\s)?(?:percentage[- ]points?|pct\.? points?|points?|pts|pp|ppts?|ppt)\b(?!\s+(?:on every|per|for every|bonus|reward))`,
    ),
    (m) => {
      const before = text.slice(Math.max(0, m.index - 25), m.index);
      if (
        /\b(?:bonus|loyalty|reward|double|triple|extra|earn|give|get|award)\w*(?:\s+\S+){0,3}\s*$/.test(
          before,
        )
      )
        return null;
      // "powered for an MDE of 2pp": the experiment's sensitivity, not a target.
      if (/\b(?:mde|minimum detectable|detectable effect|powered)\b[^.;!?]{0,20}$/.test(before)) return null;
      // Percentage points never exceed 100: "200 pts" is a loyalty reward.
      if (num(m[1]) > 100) return null;
      return { kind: 'points', value: num(m[1]), unit: 'points' };
    },
  );
  // level: to 5%, reach a 4% conversion rate, hit 30% open rate, at least 5%
  push(
    new RegExp(
      String.raw`\b(?:to|reach(?:es|ing)?|hits?|hitting|achieves?|get (?:it |that )?to|at least|target of|goal of|target:|goal:|kpi:|target is|goal is|aim for|aiming for|above|over|under|below|of at least|(?:we |i )?want(?: it| them)?(?: back)?(?: at)?|target|goal|tgt|objective|(?:we |i )?need(?: it| them)?(?: at| to be)?|should be|nearer|(?:kpi|target|goal):?\s+(?:ctr|cvr|(?:conversion|open|click[- ]?through|repeat[- ]purchase|retention|churn|recovery|reactivation|redemption) rate)|(?:ctr|cvr|(?:conversion|open|click[- ]?through|repeat[- ]purchase|retention|churn|recovery|reactivation|redemption) rate)\s+target(?: of)?)\s+(?:a |an |the )?(?:target of |level of |(?:ctr|cvr|aov|(?:conversion|open|click[- ]?through|repeat[- ]purchase|retention|churn|recovery) rate) of )?${NUMBER}\s?(?:%|percent\b|pct\b)(?!\s?(?:off|discount|lift|increase|uplift|more|fewer|higher|lower|boost|improvement|growth|reduction|decrease|drop|jump|rise|gain))`,
    ),
    (m) => ({ kind: 'level', value: num(m[1]), unit: 'percent' }),
  );
  // relative: by 10%, 10% lift, 15% more, +12%, up 10%
  push(
    new RegExp(
      String.raw`(?:\bby\s+(?:at least\s+|around\s+|about\s+|roughly\s+|another\s+|an extra\s+)?|\+|-|\bup\s+|\bdown\s+)?${NUMBER}\s?(?:%|percent\b|pct\b)`,
    ),
    (m) => {
      const after = text.slice(m.index + m[0].length, m.index + m[0].length + 30);
      const before = text.slice(Math.max(0, m.index - 40), m.index);
      if (
        /^\s?(?:off|discount|coupon|code|cash ?back|back|reduction(?! (?:in|of)\b)|rebate|in credit|credit|markdown)\b/.test(
          after,
        )
      )
        return null;
      // "-20% for winter coats", "second pair -50% on all boots": the offer's depth, not a target.
      if (
        /^-/.test(m[0]) &&
        /^\s*(?:$|[.,;!]|for\b|on\b|in\b|off\b|at\b|of\b|discount)/.test(after) &&
        !METRICS.some(([re]) => re.test(before.slice(-25)))
      )
        return null;
      // "assessed 20% higher than usual": the offer's terms.
      if (/^\s*(?:higher|more|lower|less) than (?:usual|normal|before|retail|list|the usual)\b/.test(after))
        return null;
      // "prices go up 10% next month" is the urgency message, not the target.
      if (/\bprices?\s+(?:\w+\s+){0,2}$/.test(before)) return null;
      if (
        /\bprices?\b[^.;!?]{0,60}\b(?:increase[sd]?|rise[sd]?|go(?:es)? up|go(?:es)? down|drops?|falls?|jumps?|changes?)\s+(?:of|by)?\s*$/.test(
          // "goes down 25%": the match itself starts with "down".
          text.slice(Math.max(0, m.index - 90), m.index) +
            (/^(?:up|down)\s/.test(m[0]) ? `${m[0].split(/\s/)[0]} ` : ''),
        )
      )
        return null;
      const marked =
        /^(?:by|\+|-|up|down)/.test(m[0]) ||
        /^\s*(?:(?:conversion|open|click|order|revenue|sales|aov|repeat|retention|purchase|rate|engagement|basket|recovery)\w*\s+){0,2}(?:lift|increase|uplift|more|fewer|higher|lower|boost|improvement|growth|reduction|decrease|drop|jump|rise|gain|relative|better|bump)\b/.test(
          after,
        ) ||
        /\b(?:increase|raise|grow|lift|boost|improve|reduce|cut|lower|decrease|drive|push|move|bump|shrink)\w*\s+(?:[a-z' -]{0,40})$/.test(
          before,
        );
      if (!marked) return null;
      return { kind: 'relative', value: num(m[1]), unit: 'percent' };
    },
  );
  // absolute currency: $200k in revenue, AOV by $10, AOV to $95
  push(
    new RegExp(
      String.raw`(?:\b(by|to|reach|hit|of|at least|want it at|want|need|nearer|near|target|should be|recover)\s+)?(?:(?:\$|€|£|₹|₱|₪|₩|₺|₫|฿|\brs\.?\s?|\b(?:inr|sgd|aud|cad|usd|eur|gbp|nzd|chf|hkd|php|aed|sar|zar)\s?|\b(?:s|a|au|c)\$|\br(?=\d))\s?${NUMBER}\s?(k|m|thousand|million|lakh)?\b|${NUMBER}\s(dollars|euros?|pounds|bucks|rupees|yen|pesos|naira|baht|ringgit|rand|dirhams?|won|francs|chf|sek|nok|dkk))`,
    ),
    (m) => {
      let v = num(m[2] ?? m[4]);
      if (m[3]) v *= /^m/.test(m[3]) ? 1_000_000 : m[3] === 'lakh' ? 100_000 : 1000;
      const after = text.slice(m.index + m[0].length, m.index + m[0].length + 40);
      const before = text.slice(Math.max(0, m.index - 50), m.index);
      // "AOV is stuck at $48, get it to $55": where it stands now is no target.
      if (
        !m[1] &&
        /\b(?:is|are|was|currently|stuck|sits?|sitting|flat|hovers?|hovering|averag\w*|now|from|at like|at)\s+(?:at\s+|around\s+|about\s+|on\s+|like\s+)?$|\([^)]*$/.test(
          before,
        )
      )
        return null;
      // "$15 off $100": the spend an offer needs, not a target.
      if (!m[1] && /\boff\s+$/.test(before)) return null;
      // "raise AOV by 8 dollars"; "bring it up by $5" after the brief named AOV.
      // "free shipping once the bag hits $150", "free shipping at >= $75": the offer's threshold.
      if (
        /\b(?:bag|basket|cart|order|orders|spend)\s+(?:hits|reaches|is over|goes over|tops)\s+$|>=?\s*$|\bover\s+$|\babove\s+$/.test(
          before,
        )
      )
        return null;
      const aovNamed =
        /\b(?:aov|average order value|basket size|order value|average basket|average ticket|average order|avg)\b/;
      const aov =
        aovNamed.test(before + after) ||
        // "Average basket's been stuck at £31. I want it nearer £38": the brief named AOV and wants a level.
        (/^(?:to|want it at|want|need|nearer|near|should be)$/.test(m[1] ?? '') &&
          aovNamed.test(text) &&
          !/\b(?:revenue|sales|gmv|turnover)\b/.test(before + after)) ||
        (/^(?:by|to)$/.test(m[1] ?? '') &&
          /\b(?:up|raise|lift|grow|increase|boost)\w*(?:\s+\w+)?\s+$/.test(before) &&
          (/\b(?:aov|average order value|basket size|order value|average basket)\b/.test(text) ||
            goal === 'aov_increase'));
      // "hoping to recover £6k": revenue won back from the carts.
      if (m[1] === 'recover' && !aov)
        return { kind: 'absolute', value: v, unit: 'currency', metric: 'recovered_revenue' };
      const revenue =
        /^\s*(?:in |of |more |extra |additional |incremental )*(?:revenue|sales|gmv|turnover)/.test(after) ||
        /\b(?:revenue|sales|gmv)\b/.test(before);
      if (!aov && !revenue) return null;
      // "revenue target $120k" is an amount to bring in; "AOV target $60" a level to reach.
      const kind: MetricTarget['kind'] =
        (/^(?:to|reach|hit|want it at|want|need|nearer|near|target|should be)$/.test(m[1] ?? '') &&
          (aov || m[1] === 'to')) ||
        (aov && m[1] === 'of')
          ? 'level'
          : 'absolute';
      return { kind, value: v, unit: 'currency', metric: aov ? 'average_order_value' : 'revenue' };
    },
  );
  // absolute counts: 1,000 orders, 500 more sign-ups, recover 300 carts
  push(
    new RegExp(
      String.raw`\b${NUMBER}\s?(k)?\+?\s+(?:more\s+|additional\s+|extra\s+|new\s+|incremental\s+|recovered\s+|reactivated\s+|returning\s+|repeat\s+|first\s+)?(?:[a-z]+\s+(?=orders?\b|purchases?\b))?(orders?|purchases?|sales|transactions|checkouts|conversions?|carts?|baskets?|abandoned carts|customers?|buyers?|shoppers?|users?|clients|sign[- ]?ups?|members?|subscribers?|registrations?|enrol?ments?|pre-?orders?|units?|pieces|items?|pairs|clicks?|opens?|reviews?|visits?|sessions?)\b`,
    ),
    (m) => {
      const before = text.slice(Math.max(0, m.index - 30), m.index);
      if (/\b(?:only|just|last|top|first)\s+$/.test(before)) return null;
      // "free shipping from 300k order": the order size an offer needs; "4.9 stars, 20k orders": social proof.
      if (
        /\b(?:from|above|min(?:imum)?)\s+$/.test(before) ||
        /\b(?:stars?|rated|rating)\b[^.;!?]{0,12}$/.test(before)
      )
        return null;
      // "for one order", "that have 1 or 2 orders now", "10 purchases in the year": who, not a target.
      if (num(m[1]) === 1 && !m[2]) return null;
      if (/\b(?:have|has|had|with|having|made|placed)\s+(?:\d+\s+or\s+)?$/.test(before)) return null;
      // "4.8 stars, 31k reviews": social proof.
      if (/^reviews?$/.test(m[3]!) && /\bstars?\b/.test(before)) return null;
      // "4.9 stars from 10k reviews": social proof, not a target.
      if (/^reviews?$/.test(m[3]!) && /\b(?:stars?|rated|rating|from|with|across)\s+$/.test(before))
        return null;
      // "(10 pieces, 30 outfits)": pieces and items count as a target only after a verb of selling.
      if (
        /^(?:units?|pieces|items?|pairs)$/.test(m[3]!) &&
        !/\b(?:sell|move|ship|shift|clear)\w*\s+(?:at least\s+|another\s+)?$/.test(before) &&
        !/\b(?:more|additional|extra)\b/.test(m[0])
      )
        return null;
      if (
        /^(?:customers?|buyers?|shoppers?|users?|clients|members?|subscribers?)$/.test(m[3]!) &&
        !/\b(?:win back|reactivat\w+|bring back|recover|acquire|add|gain|get|convert|retain|sign up|enrol\w*|recruit|reach)\s+(?:at least\s+)?$/.test(
          before,
        ) &&
        // "target 300 reactivated customers"
        !(
          /\breactivated\b/.test(m[0]) &&
          /\b(?:target|goal|kpi|aim|want|need)\w*:?\s+(?:of\s+)?(?:at least\s+)?$/.test(before)
        )
      )
        return null;
      let v = num(m[1]);
      if (m[2]) v *= 1000;
      let metric = ABSOLUTE_NOUNS.find(([re]) => re.test(m[3]!))?.[1] ?? 'orders';
      if (
        metric === 'customers' &&
        (/\b(?:win back|reactivat\w+|bring back)\s+(?:at least\s+)?$/.test(before) ||
          /\breactivated\b/.test(m[0]))
      )
        metric = 'reactivated_customers';
      const full = m[0];
      if (/\brepeat\s+(?:orders?|purchases?)/.test(full)) metric = 'repeat_purchases';
      if (/\brecovered\s+(?:orders?|purchases?)/.test(full)) metric = 'recovered_orders';
      // "recover 250 orders this month": orders recovered.
      if (
        /^(?:orders?|purchases?|sales|carts?|baskets?)$/.test(m[3]!) &&
        /\brecover\w*\s+(?:at least\s+)?$/.test(before)
      )
        metric = 'recovered_orders';
      // "want 60 orders back": orders recovered.
      if (
        /^(?:orders?|purchases?|sales|carts?|baskets?)$/.test(m[3]!) &&
        /^\s+back\b/.test(text.slice(m.index + m[0].length))
      )
        metric = 'recovered_orders';
      return { kind: 'absolute', value: v, unit: 'count', metric };
    },
  );
  // "2,000 packs sold", "sell 150 of them", "sell the 80": units sold.
  push(
    new RegExp(
      String.raw`\b${NUMBER}\s?(k)?\+?\s+(?:[a-z]+\s+)?(?:packs?|boxes|bottles|cans|bags|kits|sets|pairs|units|pieces|items|tins|jars|copies)\s+sold\b|\bsell\s+(?:the\s+)?(?:last\s+|remaining\s+)?${NUMBER}(k)?(?:\s+of (?:them|those|these|it))?\b(?!\s?(?:%|percent|pct))`,
    ),
    (m) => {
      let v = num(m[1] ?? m[3]);
      if (m[2] ?? m[4]) v *= 1000;
      // "more than 3.000 bottles sold in one week" is social proof: a count sold is a target only after a cue.
      if (
        m[1] !== undefined &&
        !/\b(?:target|goal|kpi|aim|want|need|hoping|hope|plan)\w*:?\s+(?:of\s+|for\s+|to\s+)?(?:at least\s+|another\s+)?$/.test(
          text.slice(Math.max(0, m.index - 30), m.index),
        )
      )
        return null;
      return v > 1 ? { kind: 'absolute', value: v, unit: 'count', metric: 'units_sold' } : null;
    },
  );
  // "want 40 of those orders back": orders recovered.
  push(
    new RegExp(String.raw`\b${NUMBER}\s+of\s+(?:those|these|them|the)\s+(?:orders|carts|baskets)\s+back\b`),
    (m) => ({
      kind: 'absolute',
      value: num(m[1]),
      unit: 'count',
      metric: 'recovered_orders',
    }),
  );
  // "KPI reactivated_customers = 500 this quarter": a metric written as a field name, with its value.
  push(
    new RegExp(
      String.raw`\b(?:kpi|target|goal|objective)s?\s*:?\s*([a-z]+(?:_[a-z]+)+)\s*(?:=|:|>=|of|to)\s*${NUMBER}\s?(%)?`,
    ),
    (m) => {
      const metric = m[1]!;
      return m[3] || /_rate$/.test(metric)
        ? { kind: 'level', value: num(m[2]), unit: 'percent', metric }
        : { kind: 'absolute', value: num(m[2]), unit: 'count', metric };
    },
  );
  // A rate named right after the value is the level to reach: "a 5% conversion rate", "25% open rate".
  push(
    new RegExp(
      String.raw`(?<![\w+-])${NUMBER}\s?(?:%|percent\b|pct\b)\s+(?:an? )?(?:conversion|open|click[- ]?through|click|repeat[- ]purchase|repurchase|retention|churn|recovery|cart recovery|reactivation|redemption|engagement|content engagement|unsubscribe|second[- ]order|second[- ]purchase|cross[- ]sell)(?: rates?)?\b(?!\s+(?:lift|increase|uplift|boost|improvement|growth|gain|jump|rise|bump|reduction|decrease|drop|cut))`,
    ),
    (m) => {
      const before = text.slice(Math.max(0, m.index - 30), m.index);
      if (/\b(?:by|up|down)\s+$/.test(before)) return null;
      // "currently 11% open. Target 19%": where it stands is no target.
      if (/\b(?:currently|now|is|are|at|from|was|were|stands? at|sits? at)\s+$/.test(before)) return null;
      return { kind: 'level', value: num(m[1]), unit: 'percent' };
    },
  );
  // "reactivate 500 of them", "win back 300 of those".
  push(
    new RegExp(
      String.raw`\b(reactivate|win back|bring back|convert|recover)\s+(?:at least\s+)?${NUMBER}(k)?\s+of (?:them|those|these)\b|\b(reactivate|win back|bring back)\s+(?:at least\s+)?${NUMBER}(k)?\b(?!\s*(?:%|percent|pct|days?|weeks?|months?))`,
    ),
    (m) => {
      if (m[4] !== undefined) {
        m[1] = m[4];
        m[2] = m[5]!;
        m[3] = m[6]!;
      }
      let v = num(m[2]);
      if (m[3]) v *= 1000;
      const metric = /^(?:reactivate|win back|bring back)$/.test(m[1]!)
        ? 'reactivated_customers'
        : m[1] === 'recover'
          ? 'recovered_orders'
          : 'conversions';
      return { kind: 'absolute', value: v, unit: 'count', metric };
    },
  );
  // "200 reactivated is my target", "300 clients reactivated", "250 of them to return".
  push(
    new RegExp(
      String.raw`\b${NUMBER}(k)?\s+(?:(?:clients?|customers?|members?|buyers?|shoppers?|people)\s+)?reactivated\b|\b${NUMBER}(k)?\s+of (?:them|those|these) (?:to )?(?:return|come back)\b`,
    ),
    (m) => {
      let v = num(m[1] ?? m[3]);
      if (m[2] ?? m[4]) v *= 1000;
      return { kind: 'absolute', value: v, unit: 'count', metric: 'reactivated_customers' };
    },
  );
  // "AOV 87 → 100", "aov from 35 to 42": a level written without a currency.
  push(
    new RegExp(
      String.raw`\b(?:aov|average order value|avg order(?: value)?|average basket)\s*(?:is\s+)?(?:from\s+)?${NUMBER}\s*(?:->|→|=>|to)\s*${NUMBER}\b(?!\s?%)`,
    ),
    (m) => ({ kind: 'level', value: num(m[2]), unit: 'currency', metric: 'average_order_value' }),
  );
  // "recover 20% of abandoned carts", "convert 5% of browsers": the share to reach, a level.
  push(
    new RegExp(
      String.raw`\b(recover|convert|win back|reactivate|bring back|retain|keep|get|turn)\s+(?:at least\s+)?${NUMBER}\s?(?:%|percent\b|pct\b)\s+of\b`,
    ),
    (m) => {
      const metric: Record<string, string> = {
        recover: 'cart_recovery_rate',
        convert: 'conversion_rate',
        'win back': 'reactivation_rate',
        reactivate: 'reactivation_rate',
        'bring back': 'reactivation_rate',
        retain: 'retention_rate',
        keep: 'retention_rate',
      };
      const f: Omit<Found, 'start' | 'end'> = { kind: 'level', value: num(m[2]), unit: 'percent' };
      if (metric[m[1]!]) f.metric = metric[m[1]!];
      return f;
    },
  );
  // "2x conversions", "grow AOV 1.5x": a multiple is a relative change.
  push(/\b(\d+(?:\.\d+)?)\s?x\b(?!\s*(?:points?|pts|bonus|rewards?|stamps?|cash ?back))/, (m) => {
    const v = num(m[1]);
    if (v <= 1 || v > 10) return null;
    // Only a multiple of a metric: "2x conversions", "AOV 1.5x".
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 30);
    const before = text.slice(Math.max(0, m.index - 30), m.index);
    if (
      !/^\s+(?:the\s+|our\s+)?(?:conversions?|orders|sales|revenue|aov|average order|open|click|ctr|sign[- ]?ups?|repeat|purchases|engagement|traffic|visits|sessions|pre-?orders)/.test(
        after,
      ) &&
      !/\b(?:aov|conversions?|conversion rate|revenue|orders|sales|open rates?|ctr|sign[- ]?ups)\s+$/.test(
        before,
      )
    )
      return null;
    return { kind: 'relative', value: Math.round((v - 1) * 1000) / 10, unit: 'percent' };
  });
  // "20k in revenue", "50,000 in sales": money named by its noun, without a currency sign.
  push(
    /\b(?:(by|to)\s+)?(\d{1,3}(?:,\d{3})+|\d{5,}|\d+(?:\.\d+)?\s?(?:k|crore|lakh))\b(?!\s?(?:%|percent|pct|points?|pts|x\b))/,
    (m) => {
      const before = text.slice(Math.max(0, m.index - 40), m.index);
      const after = text.slice(m.index + m[0].length, m.index + m[0].length + 30);
      const revenue =
        /^\s+(?:(?:more|extra|additional|incremental)\s+)?(?:in|of)\s+(?:revenue|sales|gmv|turnover)\b/.test(
          after,
        ) ||
        /\b(?:revenue|gmv|turnover)\s+$/.test(before) ||
        /^\s+(?:gmv|revenue|turnover)\b/.test(after);
      if (!revenue) return null;
      const raw = m[2]!.replace(/\s/g, '');
      const v = /k$/.test(raw)
        ? num(raw.slice(0, -1)) * 1000
        : /crore$/.test(raw)
          ? num(raw.slice(0, -5)) * 10_000_000
          : /lakh$/.test(raw)
            ? num(raw.slice(0, -4)) * 100_000
            : num(raw);
      return { kind: m[1] === 'to' ? 'level' : 'absolute', value: v, unit: 'currency', metric: 'revenue' };
    },
  );
  // Multiples and fractions in words: "double the open rate", "halve churn", "by a fifth".
  push(
    /\b(?:(double|triple|halve|quadruple)[sd]?|(?:by|up|down)\s+(?:a|an|one)\s+(half|third|quarter|fifth|tenth))\b/,
    (m) => {
      const v: Record<string, number> = {
        double: 100,
        triple: 200,
        quadruple: 300,
        halve: 50,
        half: 50,
        third: 33.3,
        quarter: 25,
        fifth: 20,
        tenth: 10,
      };
      const after = text.slice(m.index + m[0].length, m.index + m[0].length + 20);
      // "double points", "double bean points" is a reward, not a target; so is "triple them" after points.
      if (
        /^\s*(?:(?:the|their|your)\s+)?(?:[a-z]+\s+)?(?:points?|pts|bonus|rewards?|stamps?|cash ?back|credits?)\b/.test(
          after,
        ) ||
        (/^\s*(?:them|it|those)\b/.test(after) &&
          /\b(?:points?|pts|rewards?|stamps?|credits?)\b/.test(
            text.slice(Math.max(0, m.index - 60), m.index),
          ))
      )
        return null;
      return { kind: 'relative', value: v[m[1] ?? m[2]!]!, unit: 'percent' };
    },
  );
  if (candidates.length === 0) return null;
  // The first stated target wins; at the same place, the more specific form wins (insertion order).
  candidates.sort((a, b) => a.start - b.start);
  return candidates[0]!;
}

function nearestMetric(text: string, start: number, end: number): string | null {
  let best: { d: number; name: string } | null = null;
  for (const [re, name] of METRICS) {
    const g = new RegExp(re.source, 'g');
    for (let m = g.exec(text); m; m = g.exec(text)) {
      const d =
        m.index >= end ? m.index - end : m.index + m[0].length <= start ? start - (m.index + m[0].length) : 0;
      // Prefer a metric named before the value within a clause ("lift conversion by 10%").
      const penalty = m.index >= end ? 5 : 0;
      if (d > 80) continue;
      if (!best || d + penalty < best.d) best = { d: d + penalty, name };
    }
  }
  return best?.name ?? null;
}

const HORIZONS: Array<[RegExp, (m: RegExpExecArray) => number]> = [
  [
    /\b(?:this|next|the coming|in the next|over the next|within the next|within the|during the|over the|in the|across the|by end of(?: the)?|by the end of(?: the)?|end of(?: the)?|in|during|over) (?:1 )?(?:calendar |fiscal )?quarter\b|\bq[1-4]\b|\bquarterly\b|\bend of q\b|\beoq\b/,
    () => 90,
  ],
  [
    /\b(?:this|next|the coming|in the next|over the next|within the next|within the|during the|by end of(?: the)?|by the end of(?: the)?|end of(?: the)?|within 1|in 1|over 1) month\b|\bmonthly\b|\bmonth[- ]end\b/,
    () => 30,
  ],
  [
    /\b(?:this|next|the coming|in the next|over the next|within the next|within the|during the|by end of(?: the)?|by the end of(?: the)?|within 1|in 1|over 1) week\b/,
    () => 7,
  ],
  [
    /\b(?:this|next|the coming|by end of(?: the)?|by the end of(?: the)?) year\b|\bby year[- ]end\b|\bannual(?:ly)?\b|\byear[- ]end\b/,
    () => 365,
  ],
  [/\bthis weekend\b/, () => 3],
  [/\b(?:before|by) the end of (?:the |this )?year\b/, () => 365],
  [/\b(?:in|within|over) the (\d+) (?:hours|hrs|h)\b/, (m) => Math.max(1, Math.round(Number(m[1]) / 24))],
  // "by Labor Day (call it 30 days)": a deadline restated as days.
  [
    /\(\s*(?:call it|about|roughly|approx\.?|~|so)?\s*(\d+)\s*(days?|weeks?|months?)\s*\)/,
    (m) => durationDays(Number(m[1]), m[2]!),
  ],
  [
    /\b(?:within|in|over|during|for|across)\s+(?:the\s+|those\s+|these\s+)?(?:next|coming|first)?\s*(\d+)\s*(days?|d|weeks?|wks?|months?|quarters?|years?)\b(?!\s+ago)/,
    (m) => durationDays(Number(m[1]), m[2]!),
  ],
  [/\b(\d+)[- ](day|week|month)\b(?![- ]old)/, (m) => durationDays(Number(m[1]), m[2]!)],
  [/\b(?:next|coming)\s+(\d+)\s*(days?|weeks?|months?)\b/, (m) => durationDays(Number(m[1]), m[2]!)],
];

/** The horizon phrase nearest to the target value (a later one wins ties: "by 10% this quarter"). */
export function findHorizon(text: string, near = 0): number | null {
  let best: { d: number; days: number } | null = null;
  for (const [re, days] of HORIZONS) {
    const g = new RegExp(re.source, 'g');
    for (let m = g.exec(text); m; m = g.exec(text)) {
      const before = text.slice(Math.max(0, m.index - 14), m.index);
      // "churn is 7% monthly": the rate's period, not a deadline.
      if (m[0] === 'monthly' && /%\s*$/.test(before)) continue;
      // "prices go up 10% next month": when the price changes, not the target's deadline.
      if (
        /\bprices?\s+(?:\w+\s+){0,2}(?:up|rise|rises|change|changes|increase|increases)\b[^.;:!?]{0,12}$/.test(
          text.slice(Math.max(0, m.index - 40), m.index),
        )
      )
        continue;
      if (
        /\b(?:last|past|previous)\s*$/.test(before) ||
        /'s\s*$/.test(text.slice(m.index + m[0].length, m.index + m[0].length + 3))
      )
        continue;
      const d = m.index >= near ? m.index - near : (near - m.index) * 1.5;
      if (!best || d < best.d) best = { d, days: days(m) };
    }
  }
  return best?.days ?? null;
}

function num(s: string | undefined): number {
  return parseAmount(s ?? '0') ?? 0;
}

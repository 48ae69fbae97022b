import type { Channel } from '../contracts/trigger-costs.ts';
import { isNegated } from './negation.ts';

/**
 * The delivery channel named in the brief (email, SMS or push), or null. A channel under
 * negation ("not by email") does not count; the first channel named wins.
 */
const CHANNELS: Array<[RegExp, Channel]> = [
  [/\b(?:e-?mails?|emailing|emailed|newsletters?|inbox|edm|mailers?)\b/g, 'email'],
  [/\b(?:sms|text messages?|texts?|texting|text them|mms|whatsapp)\b/g, 'sms'],
  [
    /\b(?:push(?:es|[- ]notif\w*| messages?| alerts?)?|(?:in[- ]?app|app|mobile|phone) (?:notif\w*|alerts?|messages?|nudges?|pings?|banners?)|in-app|notifications?|notifs?|(?:via|through) (?:the |our )?(?:mobile )?app)\b/g,
    'push',
  ],
];

export function extractChannel(text: string, negated: Array<[number, number]>): Channel | null {
  let best: { at: number; channel: Channel } | null = null;
  for (const [re, channel] of CHANNELS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (isNegated(negated, m.index)) continue;
      // "push" as a verb ("push the new line") is not the channel.
      if (channel === 'push' && /^push$/.test(m[0]) && !pushIsChannel(text, m.index)) continue;
      // "text" in "text message" counts; the noun "texts" in "texts about" also; "context" never matches thanks to \b.
      if (!best || m.index < best.at) best = { at: m.index, channel };
      break;
    }
  }
  return best?.channel ?? null;
}

/**
 * "push" names the channel as a noun ("via push", "Push:", "email and push", "push alert",
 * "push to app users") and not as a verb ("push the new line") or a figure of speech ("they
 * need a push", "a sales push").
 */
function pushIsChannel(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 30), at);
  const after = text.slice(at + 4, at + 40);
  if (
    /^[- ]?(?:notif\w*|alerts?|messages?|msgs?|nudges?|campaigns?|only|blasts?|reminders?|channel|sends?|pings?)\b/.test(
      after,
    )
  )
    return true;
  if (
    /(?:\b(?:via|by|through|over|send(?: them| out)?(?: an?)?|sent(?: as)?|as an?|an? app|app|mobile|in-app|use|using|plus|channel|and|or|then)|[,/(:+&-])\s*$/.test(
      before,
    ) &&
    !/\b(?:need|needs|needed|final|big|sales|extra|little|gentle|one more|another|give them|gives them)\s+(?:an? )?$/.test(
      before,
    )
  )
    return true;
  if (
    /^\s*(?:(?:it|them|this|that) )?to (?:\w+ )?(?:customers|users|shoppers|buyers|subscribers|members|people|everyone|those|anyone|opted)/.test(
      after,
    )
  )
    return true;
  // A message named before it: "reminder push", "closing-soon push", "cart-is-waiting push".
  if (
    /\b(?:reminders?|alerts?|messages?|nudges?|offers?|promos?|teasers?|countdowns?|waiting|soon|deals?|drops?|banners?)\s*$/.test(
      before,
    )
  )
    return true;
  // A bare "Push:" / "Push." opening a sentence is the channel; "a sales push." is not.
  return /^\s*(?:[:;.,)!]|$)/.test(after) && /(?:^|[.!?;]\s*)$/.test(before);
}

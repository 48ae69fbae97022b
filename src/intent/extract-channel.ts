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
    /\b(?:push(?: notifications?| messages?| alerts?)?|app notifications?|in-app(?: messages?)?|mobile notifications?|notifications?)\b/g,
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
      if (
        channel === 'push' &&
        /^push$/.test(m[0]) &&
        !/\b(?:via|by|through|over|send(?: a)?|a|as a)\s+$/.test(text.slice(0, m.index))
      )
        continue;
      // "text" in "text message" counts; the noun "texts" in "texts about" also; "context" never matches thanks to \b.
      if (!best || m.index < best.at) best = { at: m.index, channel };
      break;
    }
  }
  return best?.channel ?? null;
}

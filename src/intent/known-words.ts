import { ACQUISITION_SOURCES, CATEGORIES, CITIES, COUNTRIES, TAGS } from './gazetteer.ts';
import { GOAL_CUES, NEGATION_OPENERS, TRIGGER_CUES } from './lexicon.ts';

/**
 * Words the spelling corrector must treat as correctly spelt even when the training corpus
 * never used them: every literal word in the cue lexicon and the gazetteer (the rules read
 * them, so rewriting them to a corpus neighbour would blind the rules: "recovered" must not
 * become "recovery", "blast" must not become "last"), plus common words of marketing briefs.
 */
const BRIEF_WORDS =
  'recovered recovering recover reactivated reactivate alert alerts blast blasts notif notifs notification notifications banner banners inbox texting texted message messages messaging nudge nudges ping pings shoppers buyers spenders subscribers members visitors browsers followers readers regulars fans clients audience cohort segment segments customers lapsed dormant inactive churned churners abandoners abandoned abandon basket baskets carts checkout wishlist wishlisted wishlists browsed viewed visited clicked opened purchased ordered bought spent returned reviewed joined signed registered acquired referred onboarded quarter quarters weekly monthly yearly daily hours weeks months years since within during between above below under over least most fewer more less than about around roughly approximately double doubled triple tripled halve halved lift boost raise grow increase decrease reduce improve drive push nudge target targets goal goals metric metrics percent percentage points rate rates revenue orders conversion conversions retention repeat frequency value average category categories product products collection launch drop release preorder preorders signup signups email emails newsletter newsletters channel channels budget spend older oldest sitting idle untouched waiting lasting longer shorter minutes seconds predicted forecast expected worth valued holding containing converted prospects leads payment sessions opted handful consent unsubscribed holdout wishlist inside outside stacking stackable'.split(
    ' ',
  );

function wordsOf(sources: readonly string[]): string[] {
  const out = new Set<string>();
  for (const s of sources)
    for (const w of s.replace(/\\[a-z]/gi, ' ').match(/[a-z]{3,}s\?|[a-z]{4,}/g) ?? []) {
      // "skirts?" names both "skirt" and "skirts".
      const word = w.replace(/\?$/, '');
      if (w.endsWith('s?') && word.length > 5) out.add(word.slice(0, -1));
      if (word.length >= 5) out.add(word);
    }
  return [...out];
}

export const KNOWN_WORDS: readonly string[] = [
  ...new Set([
    ...wordsOf([
      ...Object.values(TRIGGER_CUES).map((r) => r.source),
      ...Object.values(GOAL_CUES).map((r) => r.source),
      NEGATION_OPENERS.source,
      ...[...COUNTRIES, ...CITIES, ...CATEGORIES, ...TAGS, ...ACQUISITION_SOURCES].map(([r]) => r.source),
    ]),
    ...BRIEF_WORDS,
  ]),
].sort();

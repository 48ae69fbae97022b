import { KNOWN_WORDS } from './known-words.ts';
import { stem } from './text.ts';

/**
 * A small spelling corrector for hurried briefs ("loalty", "recomend"): a word unknown to the
 * corpus vocabulary is replaced by the most frequent known word within one edit (two for long
 * words), Damerau-Levenshtein (Damerau, 1964). Unknown words with no close neighbour stay as they are.
 */
export class SpellingCorrector {
  private readonly byLength = new Map<number, string[]>();
  private readonly known: Set<string>;
  private readonly knownStems: Set<string>;

  constructor(
    vocabulary: readonly string[],
    private readonly frequency: ReadonlyMap<string, number> = new Map(),
    extraKnown: readonly string[] = KNOWN_WORDS,
  ) {
    const all = [...new Set([...vocabulary, ...extraKnown])];
    this.known = new Set(all);
    // Another inflection of a known word is a word, not a typo: "recovered" next to "recovery"/"recovering".
    this.knownStems = new Set(all.map(stem));
    for (const w of all) {
      const list = this.byLength.get(w.length) ?? [];
      list.push(w);
      this.byLength.set(w.length, list);
    }
  }

  correctWord(word: string): string {
    if (
      word.length < 5 ||
      this.known.has(word) ||
      /\d/.test(word) ||
      this.knownStems.has(stem(word)) ||
      // Agent nouns of known words are words: "reviewers", "wishlisters", "openers".
      (/ers?$/.test(word) && this.knownStems.has(stem(word.replace(/ers?$/, ''))))
    )
      return word;
    const maxEdits = word.length >= 9 ? 2 : 1;
    let best: string | null = null;
    let bestScore = Number.POSITIVE_INFINITY;
    for (let len = word.length - maxEdits; len <= word.length + maxEdits; len++) {
      for (const cand of this.byLength.get(len) ?? []) {
        // A five-letter word is never shortened: "linen" is not "line" (but "bouht" is "bought").
        if (word.length === 5 && cand.length < 5) continue;
        const d = distance(word, cand, maxEdits);
        if (d > maxEdits) continue;
        // A short word one letter away from another of its length is most often another word
        // ("stuck" / "stock", "skirt" / "shirt", "scarf" / "scare"): hurried typing drops, doubles
        // or swaps letters far more often than it replaces one. Only a swap is corrected there.
        if (word.length <= 6 && cand.length === word.length && !isTransposition(word, cand)) continue;
        const score = d * 1e6 - (this.frequency.get(cand) ?? 0);
        if (score < bestScore) {
          bestScore = score;
          best = cand;
        }
      }
    }
    return best ?? word;
  }

  correct(text: string): string {
    // A word right before a number is a model's name ("iphone 15", "pixel 8"), not a typo.
    return text.replace(/[a-z]+/g, (w, at: number, all: string) =>
      /^ ?\d/.test(all.slice(at + w.length)) ? w : this.correctWord(w),
    );
  }
}

/** Whether `b` is `a` with two adjacent letters swapped. */
function isTransposition(a: string, b: string): boolean {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/** Optimal string alignment distance with an early exit above `max`. */
export function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    for (let j = 0; j <= b.length; j++) prev2[j] = prev[j]!;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/**
 * Cues of the raw text that tell a campaign brief from the other things people type into the box
 * (eighth session): whole sentences in another Latin-script language, pasted e-mails, receipts and
 * logs, requests for another task, reporting questions and shoppers' own tickets. Each is a shape
 * feature of the gate (`brief-gate.ts`), evidence with a learned weight, never a verdict.
 *
 * They read the raw text, lower-cased, not the normalised one: the speller turns words it does not
 * know into corpus words ("los" → "lost", "une" → "one"), which would erase the very signal.
 */

/**
 * Function words of Spanish, Portuguese, French, Italian, German, Dutch and Indonesian that are no
 * English word, no US state or country code and no time zone an English brief writes ("de", "la",
 * "il", "et", "est", "per", "non", "van", "die", "den", "dan", "ada", "em", "ai", "ab", "tot",
 * "dos", "nos", "mi" are left out for that reason).
 * A brief with a foreign product or place name has one at most; a sentence in the language has
 * several.
 */
const FOREIGN_FUNCTION_WORDS = new Set(
  [
    // Spanish
    'el los las que para con por una del desde hace sus está muy pero más nuestra nuestro ' +
      'nuestros esta este todos todas cuándo dónde qué cómo hola gracias hasta ayer hoy mañana ' +
      'ahora quiero puedo tengo nuestras cuántos cuántas',
    // Portuguese
    'não uma pelo pela há até quem das você muito obrigado obrigada também nosso nossa olá ' +
      'ontem hoje amanhã quero tenho nossos nossas são foi quantos quantas ao seu sua',
    // French
    'les des pour avec une aux dans nous vous leur leurs qui ont sont cette votre vos notre ' +
      'être bonjour merci très je avons avez chez mais où quand combien comment pourquoi hier ' +
      'demain',
    // Italian
    'che sono della delle degli gli nel alla dei questo questa tutti anche ancora ciao grazie ' +
      'perché chi hanno abbiamo nostro nostri nostra molto sempre oggi ieri domani quanti ' +
      'quante',
    // German
    'der das und mit für nicht ist ein eine einen dem auf sie wir ich zu bei seit haben alle ' +
      'bitte oder unsere unser wie werden nach über sofort wurde gestern heute kann können ' +
      'möchte mein meine uns viele letzte letzten wieviele',
    // Dutch
    'een het voor niet zijn onze naar ook maar nog wij deze bij jullie alles klanten bedankt ' +
      'hebben wordt gisteren vandaag mijn jouw hoeveel waar wanneer blijft',
    // Indonesian
    'yang untuk dengan ini tidak dari akan sudah belum bisa kami kita saya juga pelanggan ' +
      'selamat terima kasih hingga sekarang bagaimana berapa kapan mau ingin kemarin besok ' +
      'semua banyak',
  ].flatMap((words) => words.split(' ')),
);

/** The words of the raw text that are function words of another language, counted once each. */
export function foreignWordCount(raw: string): number {
  const seen = new Set<string>();
  for (const w of raw.toLowerCase().match(/\p{L}+/gu) ?? []) if (FOREIGN_FUNCTION_WORDS.has(w)) seen.add(w);
  return seen.size;
}

/** Marks of text pasted from somewhere else: mail headers, greetings and sign-offs, logs, receipts, reference numbers. */
export function pastedCues(raw: string): string[] {
  const out: string[] = [];
  const lines = raw.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length >= 2) out.push(lines.length >= 4 ? 'lines4+' : 'lines2+');
  if (/^(?:from|to|subject|re|fwd?|cc|date|sent)\s*:/im.test(raw)) out.push('mailheader');
  if (/^\s*(?:hi|hello|hey|dear|good (?:morning|afternoon|evening))\b[^\n,!]{0,30}[,!\n]/i.test(raw))
    out.push('greeting');
  if (
    /(?:^|\n|[.!]\s)(?:thanks|thank you|cheers|best|regards|kind regards|best regards|sincerely|br)[,.!]?\s*(?:\n[^\n]{0,30})?\s*$/i.test(
      raw,
    )
  )
    out.push('signoff');
  if (/\b(?:INFO|WARN|WARNING|ERROR|DEBUG|FATAL|TRACE)\b/.test(raw) || /\d{2}:\d{2}:\d{2}/.test(raw))
    out.push('log');
  if (
    /(?:#|\b(?:order|ref|ticket|invoice|inv|case|tracking)\s*(?:no\.?|number|#|:)?\s*)[a-z]{0,3}-?\d{4,}/i.test(
      raw,
    )
  )
    out.push('reference');
  if (
    /\b(?:subtotal|amount due|paid with (?:visa|mastercard|amex|card|paypal|apple pay)|qty\s*:)|\b(?:total|vat|tax)\s*[:$€£]?\s*\d/i.test(
      raw,
    )
  )
    out.push('receipt');
  return out;
}

/** SQL statements and shell commands: code pasted in, whatever campaign words its names hold. */
export function codeCues(raw: string): string[] {
  const out: string[] = [];
  if (
    /\b(?:SELECT\b[\s\S]*\bFROM|UPDATE\b[\s\S]*\bSET|INSERT INTO|DELETE FROM|DROP TABLE|CREATE TABLE|ALTER TABLE)\b/i.test(
      raw,
    )
  )
    out.push('sql');
  if (
    /^\s*(?:\$\s*)?(?:git|npm|npx|pip|docker|kubectl|curl|wget|ssh|sudo|cd|ls|cat|echo|python3?|node|yarn|brew|apt(?:-get)?|rm|mkdir|export)\s+\S/.test(
      raw,
    )
  )
    out.push('shell');
  return out;
}

/** Verbs that, first in the text, ask the assistant for another job than a campaign. */
const OTHER_TASK_START =
  /^(?:(?:please|pls|can you|could you|would you|will you|help me|i need you to|i want you to)\s+)?(?:write|translate|summari[sz]e|rewrite|rephrase|paraphrase|proofread|solve|calculate|compute|debug|fix|draft|compose|define|outline|sort|count|tell me|give me|make me|generate|create a (?:poem|story|song|list|table|plan|puzzle|password)|plan a|teach me|correct)\b/;

/**
 * Someone the text would be sent to: a brief asks for a guide or an article for people ("write a
 * short guide for people who bought the kettle"), another task does not.
 */
const RECIPIENTS =
  /\b(?:customers?|people|ppl|shoppers?|buyers?|users?|subscribers?|members?|clients?|visitors?|recipients|audience|segment|list|those who|anyone who|everyone who|them|vips?|fans|readers|abandoners|lapsed)\b/;

/** What people ask a general assistant to write, none of it a campaign's content. */
const OTHER_GENRE =
  /\b(?:poem|poems|essay|haiku|limerick|joke|jokes|riddle|sonnet|lyrics|rap|speech|cover letter|homework|bedtime|fairy tale|crossword|cv|resume|résumé|thesis|eulogy)\b/;

/** Reporting questions and requests: what happened, not what to do next. */
const REPORT_ASK =
  /^(?:how (?:many|much)|what (?:was|were|did|is|are) (?:our|the|my) (?!best|right|ideal|smartest|way)|what's (?:our|the) (?!best|right|ideal|smartest|way)|did (?:the|we|our)|which (?:products?|channel|segment|campaign|category|country|customers) (?:had|has|did|drives?|were|was|sold)|(?:show|give|send|pull|get) me|plot|chart|graph|export|break ?down|compare)\b/;

/** A shopper writing about their own order, account or money. */
const OWN_ORDER =
  /\b(?:my|mine)\s+(?:order|orders|package|parcel|refund|account|password|card|payment|invoice|delivery|item|items|money|subscription|points|coupon|code|gift card|stuff|tracking|return|box|size)\b|\bi (?:was charged|ordered|paid|received|returned|got|never got|haven't received|didn't get|can't log|bought)\b/;

/** Cues of a request for another task, a reporting question or a shopper's own ticket. */
export function requestCues(text: string): string[] {
  const out: string[] = [];
  const t = text.trim();
  const recipients = RECIPIENTS.test(t);
  if (OTHER_TASK_START.test(t) && !recipients) out.push('othertask');
  if (OTHER_GENRE.test(t) && !recipients) out.push('genre');
  if (REPORT_ASK.test(t)) out.push('report');
  if (OWN_ORDER.test(t)) out.push('ownorder');
  if (
    /\b(?:me|myself)\b/.test(t) &&
    !/\b(?:them|their|they|customers?|people|shoppers|buyers|users)\b/.test(t)
  )
    out.push('forme');
  return out;
}

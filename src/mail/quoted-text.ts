/**
 * Extracts the text a person actually wrote in a reply.
 *
 * Our own offers list meeting times, and replies quote them; if the agent read the
 * quoted part it would "see" times the prospect never wrote. So everything that is
 * history (quotes, forwarded originals) or boilerplate (signatures, phone footers,
 * legal disclaimers) is removed, while text interleaved with `>` quotes is kept so
 * inline and bottom-posted answers survive.
 */

/** "On <date>, <name> <email> wrote:" and its translations; must also contain a digit (the date). */
const ATTRIBUTION = [
  /^On\s.+\bwrote\s?:$/i,
  /^Le\s.+\ba\s+écrit\s?:$/i,
  /^Am\s.+\bschrieb\b.*:$/i,
  /^El\s.+\bescribió\s?:$/i,
  /^(?:Il|In data)\s.+\bha\s+scritto\s?:$/i,
  /^Op\s.+\bschreef\b.*:$/i,
  /^Em\s.+\bescreveu\s?:$/i,
  // Clients that drop the date: "Jane Doe <jane@example.com> wrote:".
  /^.{0,80}<[^<>\s]+@[^<>\s]+>\s+wrote\s?:$/i,
];

/** Gmail wraps a long attribution over two lines, occasionally three. */
const MAX_ATTRIBUTION_LINES = 3;

/** Not anchored at the end: format=flowed joins Outlook Express's "----- Original Message ----- " with the next line. */
const ORIGINAL_MESSAGE =
  /^-{2,}\s*(?:Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|Messaggio originale|Oorspronkelijk bericht)\s*-{2,}/i;

/**
 * The line a client puts above a forwarded original, in the languages it is localised to:
 * Gmail's and Thunderbird's dashed separators, and Apple Mail's "Begin forwarded message:".
 */
export const FORWARD_SEPARATORS = [
  /^-{2,}\s*(?:Forwarded message|Message transféré|Weitergeleitete Nachricht|Mensaje reenviado|Messaggio inoltrato|Doorgestuurd bericht|Mensagem encaminhada|Vidarebefordrat meddelande)\s*-{2,}$/i,
  /^(?:Begin forwarded message|Début du message réexpédié|Anfang der weitergeleiteten Nachricht|Inicio del mensaje reenviado|Inizio messaggio inoltrato|Begin doorgestuurd bericht)\s?:$/i,
];

/** Outlook's header block, in the languages Outlook localises it to; "*From:*" is Outlook web's bold. */
const HEADER_FROM = /^\*?(?:From|De|Von|Van|Da|Från)\s?:\*?\s+\S/i;
const HEADER_DATE = /^\*?(?:Sent|Date|Envoyé|Gesendet|Datum|Enviado|Fecha|Inviato|Data|Verzonden|Skickat)\s?:\*?\s+\S/i;
const HEADER_TO_OR_SUBJECT =
  /^\*?(?:To|À|An|Para|A|Aan|Till|Subject|Objet|Betreff|Asunto|Oggetto|Onderwerp|Ämne)\s?:\*?\s+\S/i;
/** How far below "From:" the other header lines may appear (Cc: can sit in between). */
const HEADER_BLOCK_SPAN = 6;

const UNDERSCORE_RULE = /^_{10,}$/;
const SIGNATURE_DELIMITER = /^--\s*$/;

/** Whole-line phone and app footers only, so "Sent from my phone, sorry: 2 works" survives. */
const MOBILE_FOOTER = new RegExp(
  "^(?:Sent from my|Sent from (?:Mail|Outlook|Yahoo Mail)|Get Outlook for|Envoyé de mon|Von meinem|" +
    "Enviado desde mi|Inviato da(?:l mio)?|Verzonden vanaf mijn)\\b[\\p{L}\\p{N} .®'-]*(?:<[^>]*>)?$",
  'iu',
);

/** Uppercase headings or a heading alone on its line, so "Disclaimer: I'm not the buyer" survives. */
const DISCLAIMER = [
  /^(?:CONFIDENTIALITY NOTICE|CONFIDENTIAL|DISCLAIMER)\b/,
  /^(?:confidentiality notice|disclaimer)\s*:?$/i,
  /^This (?:e-?mail|message|communication)\b.{0,80}\b(?:confidential|privileged)/i,
];

const QUOTED = /^\s*>/;

export function visibleText(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept = dropQuotes(lines.slice(0, findCut(lines)));
  return tidy(kept);
}

/** Index of the first line from which nothing is new text; `lines.length` when there is none. */
function findCut(lines: string[]): number {
  for (let i = 0; i < lines.length; i += 1) {
    if (startsHistory(lines, i) || startsBoilerplate(lines[i] ?? '')) return i;
  }
  return lines.length;
}

/**
 * Index of the first line of quoted or forwarded history (an attribution, a separator, an
 * Outlook header block), or -1. Signatures and footers do not count: they are not history.
 */
export function historyStart(text: string): number {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i += 1) if (startsHistory(lines, i)) return i;
  return -1;
}

function startsHistory(lines: string[], i: number): boolean {
  const line = (lines[i] ?? '').trim();
  if (ORIGINAL_MESSAGE.test(line) || FORWARD_SEPARATORS.some((re) => re.test(line)) || isHeaderBlock(lines, i)) return true;
  if (UNDERSCORE_RULE.test(line)) return isHeaderBlock(lines, nextContentLine(lines, i + 1));
  return isUnquotedAttribution(lines, i);
}

function startsBoilerplate(rawLine: string): boolean {
  if (SIGNATURE_DELIMITER.test(rawLine)) return true;
  const line = rawLine.trim();
  return MOBILE_FOOTER.test(line) || DISCLAIMER.some((re) => re.test(line));
}

function isHeaderBlock(lines: string[], i: number): boolean {
  if (!HEADER_FROM.test((lines[i] ?? '').trim())) return false;
  const block = lines.slice(i + 1, i + 1 + HEADER_BLOCK_SPAN).map((l) => l.trim());
  return block.some((l) => HEADER_DATE.test(l)) && block.some((l) => HEADER_TO_OR_SUBJECT.test(l));
}

/**
 * An attribution followed by unquoted text means the original follows as plain text,
 * so it ends the new text. If nothing new precedes it, cutting would leave nothing; the
 * header may then be a false match or introduce a bottom-posted answer, so keep the rest
 * (dropQuotes removes the header line itself).
 */
function isUnquotedAttribution(lines: string[], i: number): boolean {
  const span = attributionSpan(lines, i);
  if (span === 0) return false;
  const next = lines[nextContentLine(lines, i + span)] ?? '';
  if (QUOTED.test(next)) return false;
  return lines.slice(0, i).some((l) => l.trim() !== '' && !QUOTED.test(l));
}

/** Number of lines (1..MAX_ATTRIBUTION_LINES) forming an attribution starting at `i`, or 0. */
function attributionSpan(lines: string[], i: number): number {
  if (QUOTED.test(lines[i] ?? '')) return 0;
  for (let span = 1; span <= MAX_ATTRIBUTION_LINES && i + span <= lines.length; span += 1) {
    const window = lines.slice(i, i + span).map((l) => l.trim());
    if (window.some((l) => l === '')) return 0;
    const joined = window.join(' ');
    if (/\d|@/.test(joined) && ATTRIBUTION.some((re) => re.test(joined))) return span;
  }
  return 0;
}

/** Index of the first non-blank line at or after `from`; `lines.length` when there is none. */
export function nextContentLine(lines: string[], from: number): number {
  let i = from;
  while (i < lines.length && (lines[i] ?? '').trim() === '') i += 1;
  return i;
}

/** Removes `>` lines and the attribution lines that introduce them. */
function dropQuotes(lines: string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    if (QUOTED.test(line)) continue;
    const span = attributionSpan(lines, i);
    if (span > 0) {
      i += span - 1;
      continue;
    }
    kept.push(line);
  }
  return kept;
}

function tidy(lines: string[]): string {
  return lines
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+|\n+$/g, '');
}

/**
 * Extracts the text a person actually wrote in a reply.
 *
 * Our own offers list meeting times, and replies quote them; if the agent read the
 * quoted part it would "see" times the prospect never wrote. So everything that is
 * history (quotes, forwarded originals) or boilerplate (signatures, phone footers,
 * legal disclaimers) is removed, while text interleaved with `>` quotes is kept so
 * inline and bottom-posted answers survive. A reply is never erased: when the rules
 * would leave nothing of a message that has unquoted text, that text is kept.
 *
 * The forms below are the ones mail clients write in the languages they are localised to;
 * fixtures/quoted/ holds a case for each, and docs/quoted-text-accuracy.md what they measure.
 */

/**
 * The verb of "On <date>, <name> wrote:" as clients localise it, matched as whole words:
 * en, fr, de, es, it, nl, pt, sv/da/nb, fi, pl, ru, uk, cs, tr, el.
 */
const WROTE_WORDS = [
  'wrote', 'writes', 'a écrit', 'schrieb', 'geschrieben', 'escribió', 'ha scritto', 'schreef', 'geschreven', 'escreveu',
  'skrev', 'kirjoitti', 'napisał\\(a\\)', 'napisał', 'napisała', 'napisana', 'pisze', 'написал\\(а\\)', 'написал', 'написала',
  'пишет', 'пише', 'написав\\(ла\\)', 'написав', 'napsal\\(a\\)', 'napsal', 'napsala', 'yazdı', 'έγραψε',
];
/** Japanese, Chinese and Korean write the verb against the name or date, without spaces. */
const WROTE_CJK = ['写道', '寫道', 'のメール', '書きました', '님이 작성'];
const WROTE = new RegExp(`(?<!\\p{L})(?:${WROTE_WORDS.join('|')})(?!\\p{L})|${WROTE_CJK.join('|')}`, 'iu');

/** An attribution ends with a colon (full-width in CJK), or is Zoho's "---- On … wrote ----". */
const ENDS_LIKE_ATTRIBUTION = /[:：]$/;
const ZOHO_ATTRIBUTION = /^-{3,}\s.+-{3,}$/;
/**
 * Gmail in Russian and Japanese, and its older date-first form in every language, has no verb:
 * "2016-03-03 17:21 GMT+01:00 Name <e>:", "пт, 20 нояб. 2026 г. в 15:15, Name <e>:".
 */
const VERBLESS_ATTRIBUTION = /\d{1,2}[:.]\d{2}\b.*<[^<>\s]+@[^<>\s]+>\)?[:：]$/u;
const MAX_ATTRIBUTION_CHARS = 250;
/** Every client puts the time or the sender's address in it; "As Mark wrote on 12/11:" has neither. */
const DATED_OR_ADDRESSED = /\d{1,2}[:.]\d{2}|@/;
/** What a line brings to an attribution: a date or time, and the sender's address. */
const ATTRIBUTION_PARTS = [/\d{1,2}[:.]\d{2}|\d{4}|\d{1,2}[./-]\d{1,2}/, /@/];

/** Gmail wraps a long attribution over two lines, occasionally three. */
const MAX_ATTRIBUTION_LINES = 3;

/** Outlook's, Thunderbird's, Samsung's and Proton's separator, localised; Gmail renders Thunderbird's bold. */
const ORIGINAL_MESSAGE = new RegExp(
  '^\\*?-{2,}\\s*(?:Original Message|Ursprüngliche Nachricht|Message d\'origine|Mensaje original|Messaggio originale|' +
    'Oorspronkelijk bericht|Origineel bericht|Mensagem original|Ursprungligt meddelande|Originalmeddelande|' +
    'Oprindelig meddelelse|Opprinnelig melding|Alkuperäinen viesti|Wiadomość oryginalna|Oryginalna wiadomość|' +
    'Исходное сообщение|Оригінальне повідомлення|Původní zpráva|Orijinal İleti|Orijinal mesaj|元のメッセージ|原始邮件|原始郵件)' +
    // Not anchored at the end: format=flowed joins Outlook Express's "----- Original Message ----- " with the next line.
    '\\s*-{2,}',
  'iu',
);

/**
 * The line a client puts above a forwarded original, in the languages it is localised to:
 * Gmail's and Thunderbird's dashed separators, and Apple Mail's "Begin forwarded message:".
 */
export const FORWARD_SEPARATORS = [
  /^-{2,}\s*(?:Forwarded message|Message transféré|Weitergeleitete Nachricht|Mensaje reenviado|Messaggio inoltrato|Doorgestuurd bericht|Mensagem encaminhada|Vidarebefordrat meddelande)\s*-{2,}$/i,
  /^(?:Begin forwarded message|Début du message réexpédié|Anfang der weitergeleiteten Nachricht|Inicio del mensaje reenviado|Inizio messaggio inoltrato|Begin doorgestuurd bericht)\s?:$/i,
];

/** "From:", "*From:*" (bold, as Gmail renders Outlook's HTML), "De :" — a header label and a value. */
const headerLabel = (labels: string) => new RegExp(`^\\*?(?:${labels})\\s?[:：]\\*?\\s*\\S`, 'iu');
/** The From line's value names someone: "From: 10:00" in a reply is a time, not a header. */
const HEADER_FROM = new RegExp(
  headerLabel('From|De|Von|Van|Da|Från|Fra|Od|От|Від|Kimden|Lähettäjä|差出人|送信元|发件人|寄件者|보낸 사람').source + '.*\\p{L}',
  'iu',
);
const HEADER_DATE = headerLabel(
  'Sent|Date|Envoyé(?: le)?|Gesendet|Datum|Enviado(?: el)?|Enviada em|Fecha|Inviato|Data|Verzonden|Skickat|Sendt|Dato|Wysłano|' +
    'Wysłane|Отправлено|Дата|Надіслано|Odesláno|Gönderildi|Tarih|Lähetetty|Päivämäärä|送信日時|日付|发送时间|日期|發送時間|보낸 날짜',
);
const HEADER_TO_OR_SUBJECT = headerLabel(
  'To|À|An|Para|A|Aan|Till|Til|Do|Кому|Komu|Kime|Alıcı|Vastaanottaja|宛先|收件人|받는 사람|' +
    'Subject|Objet|Betreff|Asunto|Oggetto|Onderwerp|Ämne|Emne|Temat|Тема|Předmět|Konu|Aihe|Assunto|件名|主题|主題|제목',
);
/** How many lines a header block spans (Cc: can sit in between). */
const HEADER_BLOCK_SPAN = 7;

/**
 * A rule above a header block: Outlook's underscores, a dashed line, or a dashed line with a
 * title in a language not listed above ("---------- Původní e-mail ----------").
 */
const RULE = /^(?:_{10,}|-{10,}|\*?-{2,}\s*\p{L}.*-{2,}\*?)$/u;
const SIGNATURE_DELIMITER = /^--\s*$/;

/**
 * Phone and app footers as whole lines, so "Sent from my phone, sorry: 2 works" survives: a
 * localised "sent from" and a device name, or Outlook's and Proton's advertisements.
 */
const MOBILE_FOOTER_PREFIXES = [
  'Sent from', 'Sent with', 'Sent via', 'Get Outlook for',
  'Envoyé de', 'Envoyé depuis', 'Envoyé avec', 'Envoyé à partir de', 'Obtenir Outlook pour',
  'Von meinem', 'Gesendet von', 'Gesendet mit', 'Von Yahoo Mail', 'Outlook für',
  'Enviado desde', 'Obtener Outlook para',
  'Inviato da', 'Inviato dal mio', 'Scarica Outlook per',
  'Verstuurd vanaf', 'Verzonden vanaf', 'Verzonden met', 'Outlook voor',
  'Enviado do', 'Obter o Outlook para',
  'Skickat från', 'Hämta Outlook för',
  'Sendt fra', 'Hent Outlook til', 'Hent Outlook for',
  'Lähetetty', 'Wysłane z', 'Wysłano z', 'Pobierz aplikację Outlook',
  'Отправлено с', 'Отправлено из', 'Надіслано з', 'Odesláno z', '发自我的', '發自我的', '从我的',
];
/** Turkish and Japanese put the verb last: "iPhone'umdan gönderildi", "iPhoneから送信". */
const MOBILE_FOOTER_SUFFIXES = ['(?:dan|den|tan|ten) gönderildi', 'から送信', 'から送信されました'];
const DEVICE = "[\\p{L}\\p{N} .®'’-]{0,50}";
const MOBILE_FOOTER = new RegExp(
  `^(?:(?:${MOBILE_FOOTER_PREFIXES.join('|')})(?:\\s|(?<=[\\p{Script=Han}]))${DEVICE}|${DEVICE}(?:${MOBILE_FOOTER_SUFFIXES.join('|')})\\.?)$`,
  'iu',
);
/** Outlook's footer links its app: "Get Outlook for iOS<https://aka.ms/o0ukef>". */
const LINK = /<https?:\/\/[^>]*>/g;

/** Uppercase headings or a heading alone on its line, so "Disclaimer: I'm not the buyer" survives. */
const DISCLAIMER = [
  /^(?:CONFIDENTIALITY NOTICE|CONFIDENTIAL|DISCLAIMER)\b/,
  /^(?:confidentiality notice|disclaimer)\s*:?$/i,
  /^This (?:e-?mail|message|communication)\b.{0,80}\b(?:confidential|privileged)/i,
  // "This email … confidential" in the languages legal departments write it.
  /^(?:Diese[rs]? (?:E-?Mail|Nachricht)|Ce (?:message|courriel|e-?mail)|Est[ea] (?:mensaje|correo)|Questa (?:e-?mail|comunicazione)|Questo messaggio|Dit (?:bericht|e-?mailbericht)|Esta mensagem|Denna e-?post|Denne e-?mail)(?![\p{L}]).{0,100}(?:vertraulich|confidenti|riservat|vertrouwelijk|konfidentiel|konfidensiell)/iu,
];

/** `>` quotes, also indented (Zoho, Yahoo) or with the author's initials ("AS> ", The Bat!, Supercite). */
const QUOTED = /^\s*(?:[A-Z][A-Za-z]{0,2})?>/;

export function visibleText(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const visible = tidy(dropQuotes(lines.slice(0, findCut(lines))));
  return visible !== '' ? visible : unquotedText(lines);
}

/**
 * What stands above the history outside quotes, attribution lines and phone footers. When the
 * rules leave nothing, either the person wrote nothing new or a rule took the reply with it (a
 * signature or disclaimer rule, a line read as part of an attribution); erasing a reply is worse
 * than reading a stray line, so this is what is read then.
 */
function unquotedText(lines: string[]): string {
  const history = historyStartIn(lines);
  const above = lines.slice(0, history === -1 ? lines.length : history);
  return tidy(above.filter((l) => !QUOTED.test(l) && !isAttribution(l.trim()) && !isMobileFooter(l)));
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
  return historyStartIn(text.replace(/\r\n?/g, '\n').split('\n'));
}

function historyStartIn(lines: string[]): number {
  for (let i = 0; i < lines.length; i += 1) if (startsHistory(lines, i)) return i;
  return -1;
}

function startsHistory(lines: string[], i: number): boolean {
  const line = (lines[i] ?? '').trim();
  if (ORIGINAL_MESSAGE.test(line) || FORWARD_SEPARATORS.some((re) => re.test(line)) || isHeaderBlock(lines, i)) return true;
  if (RULE.test(line)) return isHeaderBlock(lines, nextContentLine(lines, i + 1));
  return isUnquotedAttribution(lines, i);
}

function startsBoilerplate(rawLine: string): boolean {
  if (SIGNATURE_DELIMITER.test(rawLine)) return true;
  const line = rawLine.trim();
  return isMobileFooter(line) || DISCLAIMER.some((re) => re.test(line));
}

function isMobileFooter(line: string): boolean {
  return MOBILE_FOOTER.test(line.replace(LINK, ' ').replace(/\s+/g, ' ').trim());
}

/**
 * A From, a date and a To or Subject line in one run of lines, in any order: Outlook starts with
 * From, GMX with "Gesendet:", Thunderbird's bold block with Subject. The run starts at `i`.
 */
function isHeaderBlock(lines: string[], i: number): boolean {
  const first = (lines[i] ?? '').trim();
  if (![HEADER_FROM, HEADER_DATE, HEADER_TO_OR_SUBJECT].some((label) => label.test(first))) return false;
  const run = lines.slice(i, i + HEADER_BLOCK_SPAN).map((l) => l.trim());
  const end = run.indexOf('');
  const block = end === -1 ? run : run.slice(0, end);
  return [HEADER_FROM, HEADER_DATE, HEADER_TO_OR_SUBJECT].every((label) => block.some((l) => label.test(l)));
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
    if (!isAttribution(window.join(' '))) continue;
    if (span === 1 || attributionSpan(lines, i + 1) !== span - 1) return span;
    // The attribution is whole without line i: line i belongs to it only if it brings the date or
    // the address the rest lacks; otherwise it is the reply ("2 works for me" right above "On … wrote:").
    const rest = window.slice(1).join(' ');
    return ATTRIBUTION_PARTS.some((part) => part.test(window[0]!) && !part.test(rest)) ? span : 0;
  }
  return 0;
}

function isAttribution(line: string): boolean {
  if (line.length > MAX_ATTRIBUTION_CHARS || !DATED_OR_ADDRESSED.test(line)) return false;
  if (ZOHO_ATTRIBUTION.test(line)) return WROTE.test(line);
  if (!ENDS_LIKE_ATTRIBUTION.test(line)) return false;
  return WROTE.test(line) || VERBLESS_ATTRIBUTION.test(line);
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

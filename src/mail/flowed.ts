/**
 * Decodes `format=flowed` text (RFC 3676): a line ending in a space continues on the next line.
 *
 * mailparser's own decoder joins across quote depth, so a quoted line that happened to end in a
 * space swallowed the unquoted reply below it (and with it, once the quote was dropped, the whole
 * reply). Here lines join only at the same quote depth (§4.5), one stuffed space is removed (§4.4)
 * and, with DelSp=yes, the space that marked the soft break goes too (§4.2).
 */
export function decodeFlowed(text: string, delSp: boolean): string {
  const decoded: string[] = [];
  /** The paragraph being joined: its quote depth and text so far, while its last line was flowed. */
  let open: { depth: number; text: string } | null = null;
  const emit = (depth: number, body: string): void => {
    decoded.push(depth === 0 ? body : `${'>'.repeat(depth)}${body === '' ? '' : ` ${body}`}`);
  };
  for (const line of text.split(/\r?\n/)) {
    const depth = /^>*/.exec(line)![0].length;
    const content = line.slice(depth).replace(/^ /, '');
    // "-- " is the signature separator, never a soft break.
    const flowed = content.endsWith(' ') && content !== '-- ';
    const piece = flowed && delSp ? content.slice(0, -1) : content;
    if (open && open.depth !== depth) {
      emit(open.depth, open.text);
      open = null;
    }
    const joined: string = open ? open.text + piece : piece;
    if (flowed) open = { depth, text: joined };
    else {
      emit(depth, joined);
      open = null;
    }
  }
  if (open) emit(open.depth, open.text);
  return decoded.join('\n');
}

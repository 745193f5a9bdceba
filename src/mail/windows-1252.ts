/**
 * Windows-1252, the charset behind most "iso-8859-1" and "us-ascii" labels in real mail (and
 * the WHATWG meaning of those labels). Node 20's TextDecoder decodes it as plain Latin-1, which
 * turns 0x80..0x9F (’ “ ” – € ...) into invisible C1 controls, so those bytes are mapped here.
 */

/** The characters of 0x80..0x9F; U+FFFD where the code page has none. */
export const WINDOWS_1252_HIGH = '€\ufffd‚ƒ„…†‡ˆ‰Š‹Œ\ufffdŽ\ufffd\ufffd‘’“”•–—˜™š›œ\ufffdžŸ';

export function decodeWindows1252(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) {
    text += byte >= 0x80 && byte <= 0x9f ? WINDOWS_1252_HIGH[byte - 0x80]! : String.fromCharCode(byte);
  }
  return text;
}

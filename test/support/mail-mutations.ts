import fc from 'fast-check';

/** One way a message gets damaged on its way in; applied to a fixture. */
export type Mutation = (raw: Buffer) => Buffer;

const position = fc.double({ min: 0, max: 1, noNaN: true });
const at = (raw: Buffer, where: number) => Math.min(raw.length, Math.floor(raw.length * where));
const insert = (raw: Buffer, where: number, bytes: Uint8Array) =>
  Buffer.concat([raw.subarray(0, at(raw, where)), bytes, raw.subarray(at(raw, where))]);
const replaceAll = (raw: Buffer, pattern: RegExp, replacement: string) =>
  Buffer.from(raw.toString('latin1').replace(pattern, replacement), 'latin1');

const truncate = position.map((where): Mutation => (raw) => raw.subarray(0, at(raw, where)));

const spliceRandomBytes = fc
  .tuple(position, fc.uint8Array({ minLength: 1, maxLength: 512 }))
  .map(([where, bytes]): Mutation => (raw) => insert(raw, where, bytes));

const overwriteBytes = fc
  .tuple(position, fc.uint8Array({ minLength: 1, maxLength: 64 }))
  .map(([where, bytes]): Mutation => (raw) => {
    const copy = Buffer.from(raw);
    copy.set(bytes.subarray(0, Math.max(0, copy.length - at(copy, where))), at(copy, where));
    return copy;
  });

const nulBytes = fc
  .tuple(position, fc.integer({ min: 1, max: 64 }))
  .map(([where, count]): Mutation => (raw) => insert(raw, where, new Uint8Array(count)));

/** Boundaries that never close, change half-way, or are empty. */
const brokenBoundary = fc.constantFrom<Mutation>(
  (raw) => replaceAll(raw, /(--[^\r\n]+?)--(\r?\n|$)/g, '$1$2'),
  (raw) => replaceAll(raw, /boundary="?([^";\r\n]+)"?/gi, 'boundary="$1x"'),
  (raw) => replaceAll(raw, /boundary="?[^";\r\n]+"?/gi, 'boundary=""'),
  (raw) => replaceAll(raw, /boundary="?[^";\r\n]+"?/gi, 'boundary="--"'),
  (raw) => replaceAll(raw, /\r?\n--/g, '\r\n-- '),
);

const badTransferEncoding = fc
  .tuple(fc.constantFrom('base64', 'quoted-printable', 'x-uuencode', '8bit', 'binary', 'gzip', ''), position, fc.constantFrom('=ZZ=', '=\r\n=\r\n', '====', '@@@!!', '=F', 'QQ==QQ=='))
  .map(([encoding, where, garbage]): Mutation => (raw) =>
    insert(replaceAll(raw, /^(content-transfer-encoding:)[^\r\n]*/gim, `$1 ${encoding}`), where, Buffer.from(garbage)),
  );

const oddCharset = fc
  .constantFrom('utf-8', 'x-unknown', 'iso-2022-jp', 'utf-7', 'utf-16', 'koi8-r', '', '"', 'gb18030', 'x-user-defined')
  .map((charset): Mutation => (raw) => replaceAll(raw, /charset="?[^";\s]*"?/gi, `charset="${charset}"`));

/** Long runs with and without the characters parsers split on: a quadratic scan shows up as a timeout. */
const hugeHeader = fc
  .tuple(
    fc.integer({ min: 1_000, max: 300_000 }),
    fc.constantFrom('X-Huge', 'Subject', 'From', 'To', 'References', 'Content-Type'),
    fc.constantFrom('a', 'a<@', '=?utf-8?q?', 'a.', '"', '@'),
  )
  .map(([length, name, unit]): Mutation => (raw) =>
    Buffer.concat([Buffer.from(`${name}: ${unit.repeat(length / unit.length)} <x@example.com>\r\n`), raw]),
  );

const manyHeaders = fc
  .integer({ min: 100, max: 5_000 })
  .map((count): Mutation => (raw) => Buffer.concat([Buffer.from('Received: from x by y; Fri, 20 Nov 2026 14:00:00 +0000\r\n'.repeat(count)), raw]));

const dropHeader = fc
  .constantFrom('From', 'To', 'Content-Type', 'Date', 'Message-ID', 'MIME-Version', 'Subject', 'Content-Transfer-Encoding')
  .map((name): Mutation => (raw) => replaceAll(raw, new RegExp(`^${name}:[^\\r\\n]*(?:\\r?\\n[ \\t][^\\r\\n]*)*\\r?\\n`, 'gim'), ''));

const hostileFrom = fc
  .constantFrom(
    'From: =?utf-8?b?IkNFTyIgPGNlb0BhY21lLmNvbT4=?=',
    'From: a@example.com\r\nFrom: b@example.com',
    'From: =?utf-8?q?x@y?= <>',
    'From: "\u0000" <\u0000@\u0000>',
    'From: Team: ;',
    'From: <<<@>>>',
  )
  .map((line): Mutation => (raw) => Buffer.concat([Buffer.from(`${line}\r\n`, 'latin1'), replaceAll(raw, /^From:[^\r\n]*\r?\n/gim, '')]));

const lineEndings = fc.constantFrom<Mutation>(
  (raw) => replaceAll(raw, /\r\n/g, '\n'),
  (raw) => replaceAll(raw, /\r?\n/g, '\r'),
  (raw) => replaceAll(raw, /\r?\n/g, '\n\r'),
);

const htmlify: Mutation = (raw) => replaceAll(raw, /text\/plain/gi, 'text/html');

/** A message nested `depth` multiparts deep, each level a different boundary. */
const deepNesting = fc.integer({ min: 1, max: 120 }).map((depth): Mutation => (raw) => {
  let body = `Content-Type: text/plain\r\n\r\n${raw.subarray(0, 2_000).toString('latin1')}\r\n`;
  for (let level = 0; level < depth; level += 1) {
    body = `Content-Type: multipart/mixed; boundary="b${level}"\r\n\r\n--b${level}\r\n${body}--b${level}--\r\n`;
  }
  return Buffer.from(`From: deep@example.com\r\nMIME-Version: 1.0\r\n${body}`, 'latin1');
});

const hostileHtml = fc
  .tuple(fc.constantFrom('<div style="display:none">', '<style>', '<!--', '<script>', '<p style="color:#fff">', '<table bgcolor=#000><td><font color=#000>'), fc.string({ maxLength: 200 }), position)
  .map(([open, text, where]): Mutation => (raw) => insert(htmlify(raw), where, Buffer.from(`${open}${text}`)));

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  truncate,
  spliceRandomBytes,
  overwriteBytes,
  nulBytes,
  brokenBoundary,
  badTransferEncoding,
  oddCharset,
  hugeHeader,
  manyHeaders,
  dropHeader,
  hostileFrom,
  lineEndings,
  fc.constant(htmlify),
  deepNesting,
  hostileHtml,
);

/** A fixture damaged one to four times over, or plain random bytes. */
export function malformedMessages(fixtures: Buffer[]): fc.Arbitrary<Buffer> {
  const damaged = fc
    .tuple(fc.constantFrom(...fixtures), fc.array(mutation, { minLength: 1, maxLength: 4 }))
    .map(([fixture, mutations]) => mutations.reduce((raw, mutate) => mutate(raw), fixture));
  const noise = fc.uint8Array({ maxLength: 4_096 }).map((bytes) => Buffer.from(bytes));
  return fc.oneof({ arbitrary: damaged, weight: 9 }, { arbitrary: noise, weight: 1 }).map(summarised);
}

/** A counterexample of 300 kB printed byte by byte buries the report; show its size and its start. */
function summarised(raw: Buffer): Buffer {
  const head = JSON.stringify(raw.subarray(0, 300).toString('latin1'));
  return Object.assign(raw, { [fc.toStringMethod]: () => `<${raw.length} bytes: ${head}${raw.length > 300 ? '…' : ''}>` });
}

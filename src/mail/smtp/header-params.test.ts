import { describe, expect, it } from 'vitest';
import { parseFieldValue } from './header-params.js';

describe('structured header field values', () => {
  it.each([
    ['multipart/mixed; boundary="b1"', 'multipart/mixed', 'b1'],
    [' Multipart/Related ;BOUNDARY=b2 ; type="text/html"', 'multipart/related', 'b2'],
    ['multipart/mixed;\r\n\tboundary="with space; and semicolon"', 'multipart/mixed', 'with space; and semicolon'],
    ['multipart/mixed; boundary="a\\"b"', 'multipart/mixed', 'a"b'],
    ['multipart/mixed; boundary*0="abc"; boundary*1=def', 'multipart/mixed', 'abcdef'],
    ["multipart/mixed; boundary*1*=%41; boundary*0*=utf-8''%7A", 'multipart/mixed', 'zA'],
    ['multipart/mixed; boundary=plain; boundary*=utf-8\'en\'ext', 'multipart/mixed', 'ext'],
    ['text/plain; flowed; boundary=x', 'text/plain', 'x'],
  ])('%j: %s, boundary %j', (raw, value, boundary) => {
    const parsed = parseFieldValue(raw);
    expect(parsed.value).toBe(value);
    expect(parsed.params.get('boundary')).toBe(boundary);
  });

  it('has no parameters when there are none, and an empty value for an empty field', () => {
    expect(parseFieldValue('inline')).toEqual({ value: 'inline', params: new Map() });
    expect(parseFieldValue('')).toEqual({ value: '', params: new Map() });
  });
});

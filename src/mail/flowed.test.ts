import { describe, expect, it } from 'vitest';
import { decodeFlowed } from './flowed.js';

describe('decodeFlowed', () => {
  it('joins a line ending in a space with the next one', () => {
    expect(decodeFlowed('Tuesday at 10 works for me and my \r\ncolleague.\r\n', false)).toBe('Tuesday at 10 works for me and my colleague.\n');
  });

  it('never joins a quoted line with the reply below it', () => {
    const text = ['> 3. Wednesday, 25 November 2026, 15:30-16:00 ', 'The second one, please.', '> Best regards, ', '', 'Tom'].join('\r\n');
    expect(decodeFlowed(text, false)).toBe(['> 3. Wednesday, 25 November 2026, 15:30-16:00 ', 'The second one, please.', '> Best regards, ', '', 'Tom'].join('\n'));
  });

  it('joins quoted lines of the same depth, and only those', () => {
    const text = ['>> Here are three times that work ', '>> for us.', '> Which one? ', '> Tuesday.'].join('\n');
    expect(decodeFlowed(text, false)).toBe(['>> Here are three times that work for us.', '> Which one? Tuesday.'].join('\n'));
  });

  it('removes the space that stuffs a line', () => {
    expect(decodeFlowed(' From Monday on I am free.\n  indented', false)).toBe('From Monday on I am free.\n indented');
  });

  it('with DelSp=yes, removes the space that marked the soft break', () => {
    expect(decodeFlowed('we will be dial \nling in from London.', true)).toBe('we will be dialling in from London.');
  });

  it('keeps the signature separator "-- " apart from the signature', () => {
    expect(decodeFlowed('2 works.\n-- \nJane Doe', false)).toBe('2 works.\n-- \nJane Doe');
  });
});

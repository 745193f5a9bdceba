import { describe, expect, it } from 'vitest';
import { phrasingProblem } from './phrasing-check.js';

const draft =
  'Hi Jane, here are the times, Europe/London (BST):\n  1. Tuesday 10 June, 10:00\n  2. Wednesday 11 June, 14:00\n' +
  'More at https://acme.com/demo. Write to sales@acme.com. We may be late.';

describe('phrasingProblem', () => {
  it.each([
    ['the draft itself', draft, null],
    ['reordered wording', 'Jane, a few options (Europe/London, BST): 1. Tuesday 10 June, 10:00; 2. Wednesday 11 June, 14:00. See https://acme.com/demo or SALES@acme.com.', null],
    ['a modal "may"', 'Hi Jane! You may pick 1 (Tuesday 10 June, 10:00) or 2 (Wednesday 11 June, 14:00).', null],
    ['a link at the end of a sentence', 'Details: https://acme.com/demo.', null],
    ['an empty text', '  ', 'empty text'],
    ['a new hour', 'Tuesday 10 June, 10:30 works too.', 'a number not in the draft: "30"'],
    ['a month by name beside a day', 'Or 10 May?', 'a day or month not in the draft: "May"'],
    ['a relative day', 'Or tomorrow?', 'a day or month not in the draft: "tomorrow"'],
    ['a French weekday', 'Ou jeudi ?', 'a day or month not in the draft: "jeudi"'],
    ['a zone abbreviation', 'Tuesday 10 June, 10:00 EST', 'a time zone not in the draft: "EST"'],
    ['an IANA zone', 'Tuesday 10 June, 10:00 America/New_York', 'a time zone not in the draft: "America/New_York"'],
    ['another link', 'See https://acme.com/pricing', 'a link not in the draft: "https://acme.com/pricing"'],
    ['another address', 'Or ceo@acme.com', 'an email address not in the draft: "ceo@acme.com"'],
    ['an essay', `${draft}\n${'blah '.repeat(200)}`, 'much longer than the draft'],
  ])('%s', (_name, text, problem) => {
    expect(phrasingProblem(text, draft, [])).toBe(problem);
  });

  it('requires every fact verbatim', () => {
    expect(phrasingProblem('Tuesday 10 June at 10:00', draft, ['Tuesday 10 June, 10:00'])).toBe(
      'a fact is missing: "Tuesday 10 June, 10:00"',
    );
  });
});

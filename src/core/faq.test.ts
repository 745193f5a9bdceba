import { describe, expect, it } from 'vitest';
import { answerFromFaq } from './faq.js';

const FAQ = [
  { question: 'How much does it cost?', answer: 'Plans start at $49 per seat per month.' },
  { question: 'Does it integrate with Salesforce?', answer: 'Yes, there is a native Salesforce integration.' },
  { question: 'Is the meeting recorded?', answer: 'Only if you agree at the start of the call.' },
];

describe('answers from the campaign FAQ only', () => {
  it.each([
    ['How much does it cost per seat?', 'Plans start at $49 per seat per month.'],
    ['does it integrate with salesforce', 'Yes, there is a native Salesforce integration.'],
    ['Will the meeting be recorded?', 'Only if you agree at the start of the call.'],
  ])('%s', (question, answer) => {
    expect(answerFromFaq(question, FAQ)).toBe(answer);
  });

  it.each(['Do you have SOC 2?', 'Does it integrate with HubSpot?', 'What is your refund policy?', ''])(
    'no answer is invented for "%s"',
    (question) => {
      expect(answerFromFaq(question, FAQ)).toBeNull();
    },
  );

  it('no FAQ, no answer', () => {
    expect(answerFromFaq('How much does it cost?', [])).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { classifyMessage } from './classify.js';

const base = {
  envelopeFrom: 'someone@forwarder.example',
  from: 'someone@forwarder.example',
  subject: 'Re: Demo',
  contentType: 'text/plain',
  ownDomains: ['meet.acme.com'],
};

describe('our own mail coming back is never answered', () => {
  it('the loop marker every agent mail carries gives it away, whatever else a forwarder changed', () => {
    const headers = new Map<string, unknown>([['x-campaign-agent-loop', 'meet.acme.com']]);
    expect(classifyMessage({ ...base, headers })).toEqual({ kind: 'own', reason: 'own mail came back (loop marker)' });
  });

  it('a marker naming someone else is not ours', () => {
    const headers = new Map<string, unknown>([['x-campaign-agent-loop', 'other.example']]);
    expect(classifyMessage({ ...base, headers })).toEqual({ kind: 'human' });
  });

  it('more Received hops than any real path is a loop', () => {
    const hops = Array.from({ length: 31 }, (_, index) => `from hop${index}.example by hop${index + 1}.example`);
    expect(classifyMessage({ ...base, headers: new Map<string, unknown>([['received', hops]]) })).toEqual({
      kind: 'own',
      reason: 'mail loop: too many Received hops',
    });
    const normal = new Map<string, unknown>([['received', hops.slice(0, 6)]]);
    expect(classifyMessage({ ...base, headers: normal })).toEqual({ kind: 'human' });
  });
});

import { describe, expect, it } from 'vitest';
import { verifyOutcomeLink } from '../../src/core/outcome-link.js';
import { harnessesClosedAfterEach } from '../support/pipeline-harness.js';
import { ALICE, CALENDARS, campaignYaml, MONDAY, PROSPECT } from '../support/e2e-team.js';

const YAML = campaignYaml({ hosts: [ALICE] });
const SECRET = 'a-long-enough-outcome-secret';

const startHarness = harnessesClosedAfterEach();

async function book(env: Record<string, string>) {
  const h = startHarness({ yaml: YAML, files: CALENDARS, now: MONDAY, env });
  await h.receive({ from: PROSPECT, subject: 'Demo', text: 'Hi, I would like a demo.' });
  const [offer] = await h.fresh();
  h.advanceHours(1);
  await h.receive(h.inThread(offer!, { from: PROSPECT, text: '1 works for me.' }));
  return { h, brief: (await h.fresh()).find((mail) => mail.kind === 'host_brief')! };
}

describe("the rep's brief carries signed outcome links", () => {
  it('held / no-show / disqualified links that verify for this booking only', async () => {
    const { h, brief } = await book({ PUBLIC_URL: 'https://agent.acme.com/', OUTCOME_LINK_SECRET: SECRET });
    const links = [...brief.text.matchAll(/https:\/\/agent\.acme\.com\/outcome\?\S+/g)].map((match) => new URL(match[0]));
    expect(links.map((link) => link.searchParams.get('outcome'))).toEqual(['held', 'no_show', 'disqualified']);
    const [booking] = h.bookings();
    for (const link of links) {
      const verdict = verifyOutcomeLink(link.searchParams, SECRET, h.now);
      expect(verdict).toMatchObject({ ok: true, claim: { bookingId: booking!.id } });
      expect(verifyOutcomeLink(link.searchParams, 'another-secret-of-16+', h.now)).toMatchObject({ ok: false });
    }
  });

  it('without PUBLIC_URL and OUTCOME_LINK_SECRET the brief has no links', async () => {
    const { brief } = await book({});
    expect(brief.text).not.toContain('/outcome?');
    expect(brief.text).not.toContain('record how it went');
  });
});

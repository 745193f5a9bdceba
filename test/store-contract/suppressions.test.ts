import { expect, it } from 'vitest';
import { describeEachEngine } from './engines.js';

const CAMPAIGN = 'demo@meet.example';

describeEachEngine('suppressions', (open) => {
  it('suppresses an address for one campaign only, exactly as written', async () => {
    const store = await open();
    expect(await store.suppressions.has(CAMPAIGN, 'ann@a.example')).toBe(false);
    await store.suppressions.add(CAMPAIGN, 'ann@a.example', 'unsubscribed', 0);
    expect(await store.suppressions.has(CAMPAIGN, 'ann@a.example')).toBe(true);
    expect(await store.suppressions.has('webinar@meet.example', 'ann@a.example')).toBe(false);
    // The caller normalises addresses; the store compares them as given.
    expect(await store.suppressions.has(CAMPAIGN, 'Ann@a.example')).toBe(false);
  });

  it('takes the same address again without complaint', async () => {
    const store = await open();
    await store.suppressions.add(CAMPAIGN, 'ann@a.example', 'unsubscribed', 0);
    await store.suppressions.add(CAMPAIGN, 'ann@a.example', 'complained', 1_000);
    await store.transaction(async (tx) => {
      await tx.suppressions.add(CAMPAIGN, 'ann@a.example', 'unsubscribed', 2_000);
      await tx.suppressions.add(CAMPAIGN, 'ben@b.example', 'unsubscribed', 2_000);
    });
    expect(await store.suppressions.has(CAMPAIGN, 'ann@a.example')).toBe(true);
    expect(await store.suppressions.has(CAMPAIGN, 'ben@b.example')).toBe(true);
  });

  it('keeps nothing a rolled-back transaction added, and sees its own addition inside it', async () => {
    const store = await open();
    await expect(
      store.transaction(async (tx) => {
        await tx.suppressions.add(CAMPAIGN, 'ann@a.example', 'unsubscribed', 0);
        expect(await store.suppressions.has(CAMPAIGN, 'ann@a.example')).toBe(true);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await store.suppressions.has(CAMPAIGN, 'ann@a.example')).toBe(false);
  });
});

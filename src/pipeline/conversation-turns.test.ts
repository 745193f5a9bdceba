import { describe, expect, it } from 'vitest';
import { createConversationTurns } from './conversation-turns.js';

const later = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('conversation turns', () => {
  it('runs one turn per conversation at a time and folds the ones that queued behind it', async () => {
    const turns = createConversationTurns();
    const calls: string[][] = [];
    const decide = async (items: string[]) => {
      calls.push(items);
      await later();
      return items.join('+');
    };
    const results = await Promise.all(['a', 'b', 'c', 'd'].map((item) => turns.run(1, item, decide)));
    expect(calls).toEqual([['a'], ['b', 'c', 'd']]);
    expect(results).toEqual([
      { folded: false, result: 'a' },
      { folded: true, result: 'b+c+d' },
      { folded: true, result: 'b+c+d' },
      { folded: false, result: 'b+c+d' },
    ]);
    expect(turns.busy).toBe(0);
  });

  it('lets other conversations run meanwhile', async () => {
    const turns = createConversationTurns();
    let running = 0;
    let most = 0;
    const decide = async (items: number[]) => {
      most = Math.max(most, ++running);
      await later();
      running--;
      return items.length;
    };
    await Promise.all([1, 2, 3].map((conversation) => turns.run(conversation, conversation, decide)));
    expect(most).toBe(3);
  });

  it('fails every message of a turn that failed, and the next turn still runs', async () => {
    const turns = createConversationTurns();
    const failing = async () => {
      await later();
      throw new Error('calendar down');
    };
    const first = turns.run(1, 'a', failing);
    const second = turns.run(1, 'b', failing);
    await expect(first).rejects.toThrow('calendar down');
    await expect(second).rejects.toThrow('calendar down');
    await expect(turns.run(1, 'c', async (items) => items)).resolves.toEqual({ folded: false, result: ['c'] });
  });
});

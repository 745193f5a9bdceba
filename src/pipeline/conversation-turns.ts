/**
 * One turn at a time per conversation, and the mails that arrive while one is being decided are
 * answered together: a prospect who sends three quick mails gets one reply to all of them, not
 * three replies racing to save the same conversation.
 */
export type TurnResult<R> = { folded: false; result: R } | { folded: true; result: R };

interface Waiting<T, R> {
  item: T;
  resolve(result: TurnResult<R>): void;
  reject(error: unknown): void;
}

export interface ConversationTurns {
  /**
   * Runs `decide` for `item` once no other turn of the conversation is running here. Items that
   * queue up behind a running turn are decided in one call when it ends (in arrival order; the
   * last one answers), and each of them gets that call's result: `folded` for all but the last.
   * The `decide` of the turn that found the conversation idle decides the later items too, so
   * it must depend on its items alone.
   */
  run<T, R>(conversationId: number, item: T, decide: (items: T[]) => Promise<R>): Promise<TurnResult<R>>;
  /** Conversations with a turn running (for tests and metrics). */
  readonly busy: number;
}

export function createConversationTurns(): ConversationTurns {
  // The queue's entries are typed per call; one conversation only ever sees one T and R.
  const queues = new Map<number, Array<Waiting<unknown, unknown>>>();

  async function drain(conversationId: number, decide: (items: unknown[]) => Promise<unknown>): Promise<void> {
    for (;;) {
      const waiting = queues.get(conversationId)!;
      if (waiting.length === 0) {
        queues.delete(conversationId);
        return;
      }
      const batch = waiting.splice(0, waiting.length);
      try {
        const result = await decide(batch.map((entry) => entry.item));
        batch.forEach((entry, index) => entry.resolve({ folded: index < batch.length - 1, result }));
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
  }

  return {
    run<T, R>(conversationId: number, item: T, decide: (items: T[]) => Promise<R>): Promise<TurnResult<R>> {
      return new Promise<TurnResult<R>>((resolve, reject) => {
        const entry = { item, resolve, reject } as Waiting<unknown, unknown>;
        const waiting = queues.get(conversationId);
        if (waiting) {
          waiting.push(entry);
          return;
        }
        queues.set(conversationId, [entry]);
        void drain(conversationId, decide as (items: unknown[]) => Promise<unknown>);
      });
    },
    get busy() {
      return queues.size;
    },
  };
}

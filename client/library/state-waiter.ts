// Waiting for the editor's state to show something that comes from elsewhere (a unit the server
// inserted, arriving over the collaboration socket): each new state is offered to the waiters,
// and a waiter resolves on the first state where its test finds what it looks for, or fails
// after a timeout. No polling: the owner calls `update` with every state the view gets.
import type { EditorState } from 'prosemirror-state';

interface Waiter {
  find(state: EditorState): unknown;
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

export class StateWaiter {
  private waiters = new Set<Waiter>();

  /**
   * Resolves with what `find` returns (anything but null) for `current` or, failing that, for
   * the first state given to `update` later; rejects with `timeoutMessage` after `timeoutMs`.
   */
  waitFor<T>(current: EditorState, find: (state: EditorState) => T | null, timeoutMs: number, timeoutMessage: string): Promise<T> {
    const now = find(current);
    if (now !== null) return Promise.resolve(now);
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        find,
        resolve: resolve as (value: unknown) => void,
        reject,
        timer: setTimeout(() => this.settle(waiter, new Error(timeoutMessage)), timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Offers a new state to every waiter. */
  update(state: EditorState): void {
    for (const waiter of this.waiters) {
      const found = waiter.find(state);
      if (found !== null) this.settle(waiter, null, found);
    }
  }

  /** Fails every waiter (the editor is going away). */
  cancel(reason: string): void {
    for (const waiter of this.waiters) this.settle(waiter, new Error(reason));
  }

  private settle(waiter: Waiter, error: Error | null, value?: unknown): void {
    if (!this.waiters.delete(waiter)) return;
    clearTimeout(waiter.timer);
    if (error) waiter.reject(error);
    else waiter.resolve(value);
  }
}

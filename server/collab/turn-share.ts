// Each user's share of a turn of the event loop. Node reads up to 32 chunks (2 MB) of a socket in
// one turn and `ws` hands over every message of a chunk at once: one client sending thousands of
// small updates, or thousands of 4-byte sync requests each answered with the whole document, held
// every other connection's messages behind them. A user's messages (all her connections together)
// may take TURN_SHARE_MS of a turn; then her connections' messages wait for the next turn
// (collab/connection.ts `receive`), and the other users' messages go first.

/** How long one user's messages may hold the event loop in one turn of it. */
export const TURN_SHARE_MS = 20;

/** ms each user's messages took in the current turn; emptied when the turn ends. */
const used = new Map<string, number>();
let ending = false;

const endTurn = (): void => {
  used.clear();
  ending = false;
};

/** Counts `ms` of handling `user`'s messages to the current turn; true once her share of it is used up. */
export function spend(user: string, ms: number): boolean {
  if (!ending) {
    ending = true;
    setImmediate(endTurn);
  }
  const total = (used.get(user) ?? 0) + ms;
  used.set(user, total);
  return total >= TURN_SHARE_MS;
}

/** Whether `user`'s share of the current turn is used up. */
export function usedUp(user: string): boolean {
  return (used.get(user) ?? 0) >= TURN_SHARE_MS;
}

// The check both stores make before an automatic version (Store.createAutoVersion): a version
// another server (or this one) saved since the first unsaved edit makes a new one redundant only
// when it already holds everything in the state about to be saved.
import * as Y from 'yjs';

/** Whether update `saved` contains every item of update `state` (by their state vectors). */
export function holds(saved: Uint8Array, state: Uint8Array): boolean {
  const have = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(saved));
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVectorFromUpdate(state))) {
    if ((have.get(client) ?? 0) < clock) return false;
  }
  return true;
}

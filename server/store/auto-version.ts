// The check both stores make before an automatic version (Store.createAutoVersion): a version
// another server (or this one) saved since the first unsaved edit makes a new one redundant only
// when it already holds everything in the state about to be saved (compared by state vectors).
import * as Y from 'yjs';

type Vector = Map<number, number>;

/** Whether a state with vector `have` contains every item of one with vector `want`. */
const covers = (have: Vector, want: Vector): boolean => [...want].every(([client, clock]) => (have.get(client) ?? 0) >= clock);

const KEPT = 64;

/**
 * The state vectors of the automatic versions this store saved, by version id (the last 64):
 * reading a vector from a saved state decodes all of it (on a long document, the replay bench
 * spent a sixth of the server's time so), while the room gives the vector of its doc for free.
 */
export class SavedVectors {
  private vectors = new Map<string, Vector>();

  /** Whether the saved version `id` (its `saved` state) holds everything of a state with vector `vector`. */
  holds(id: string, saved: Uint8Array, vector: Uint8Array): boolean {
    const have = this.vectors.get(id) ?? Y.decodeStateVector(Y.encodeStateVectorFromUpdate(saved));
    return covers(have, Y.decodeStateVector(vector));
  }

  remember(id: string, vector: Uint8Array): void {
    this.vectors.set(id, Y.decodeStateVector(vector));
    if (this.vectors.size > KEPT) this.vectors.delete(this.vectors.keys().next().value!);
  }
}

// How large an update the guard checks at all (guard.ts): counted in Yjs structs, before the shadow
// applies it.
import * as Y from 'yjs';

/**
 * Past this many structs an update is refused before the shadow applies it: applying and reading
 * them cost up to ~1.5 s per 100,000 on the bench machine (a hostile review held the server 15 s
 * with one 2 MB message of 120,000 nested elements; under this cap, ~0.7 s at most). A whole
 * resolutions document pasted at once (WTDC-22, 961 blocks) is about 4,000 structs.
 */
export const MAX_STRUCTS = 50_000;

/** The structs of `update`, or 0 when it does not decode (applying it then fails as malformed). */
export function countStructs(update: Uint8Array): number {
  try {
    return Y.decodeUpdate(update).structs.length;
  } catch {
    return 0;
  }
}

// Who may add structs under a Yjs client id. Every client id the server has seen new content
// under belongs to the user it came from (attribution.ts records it), and only she may add more
// under it: another user's structs under her id would take the clocks her own edits carry (her
// offline edits, say), so that Yjs dropped hers as already known, and they would be credited to her.
import type { Writer } from './guard';

/** Why an update adding structs under `clients` is refused for `writer`, or null (`ownerOf`: attribution.ts). */
export function foreignClient(clients: Iterable<number>, writer: Writer, ownerOf: ((client: number) => string | undefined) | undefined): string | null {
  if (!ownerOf) return null;
  for (const client of clients) {
    const owner = ownerOf(client);
    if (owner !== undefined && owner !== writer.userId) return `new content under Yjs client id ${client}, which belongs to another user`;
  }
  return null;
}

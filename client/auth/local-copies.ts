// The documents' local copies (y-indexeddb databases named `draftroom:<id>:<created>`, see
// editor/collab.ts): removed on sign-out, so the next person at this browser cannot read them.

const PREFIX = 'draftroom:';

/**
 * Deletes every local copy. A copy still open (an editor being closed) is deleted once its
 * connection closes; the promise does not wait for that. Browsers without indexedDB.databases()
 * keep their copies.
 */
export async function clearLocalCopies(): Promise<void> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return;
  const databases = await indexedDB.databases();
  for (const { name } of databases) {
    if (name?.startsWith(PREFIX)) indexedDB.deleteDatabase(name);
  }
}

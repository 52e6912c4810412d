// Who may open a document's collaboration socket: the upgrade request must come from this site
// (Origin) with a live session of a member of the document's group. The connection then checks the
// member's role on every message, without a query: from a cache that a sign-out or a role change
// made through this server updates at once, and that is read again from the database in the
// background every RECHECK_MS (session expiry, changes made by another server or by another
// process such as `draftroom user role`). While the database does not answer the last role stands.
import type { Authorize } from '../collab/upgrade';
import type { Store } from '../store/store';
import type { Auth } from './auth';
import type { Role } from './roles';
import { sameOrigin } from './middleware';

const RECHECK_MS = 1000;

/**
 * `peers`: the base URLs of the servers browsers fail over between (ServerOptions.collabUrls): a
 * page served by one of them may open its socket here too.
 */
export function collabAuthorizer(auth: Auth, store: Store, log: (line: string) => void = () => {}, peers: string[] = []): Authorize {
  const peerHosts = new Set(peers.flatMap((url) => { try { return [new URL(url).host]; } catch { return []; } }));
  const fromPeer = (origin: string | undefined) => { try { return origin !== undefined && peerHosts.has(new URL(origin).host); } catch { return false; } };
  return async (req, documentId) => {
    if (!sameOrigin(req) && !fromPeer(req.headers.origin)) return 403;
    const signedIn = await auth.signedIn(req);
    if (!signedIn) return 401;
    const document = await store.getDocument(documentId);
    const { user, session } = signedIn;
    // Another group's document is answered like a missing one: outsiders learn nothing.
    const first = document && (await auth.accounts.role(user.id, document.group));
    if (!document || !first) return 404;
    const group = document.group;
    const stamp = () => `${auth.sessions.revocations}:${auth.accounts.roleChanges}`;
    const cached = { role: first as Role | null, changes: stamp(), at: Date.now() };
    let reading = false, failing = false;
    const reread = (): void => {
      if (reading) return;
      reading = true;
      const changes = stamp();
      void Promise.all([auth.sessions.alive(session), auth.accounts.role(user.id, group)]).then(([alive, role]) => {
        reading = false;
        failing = false;
        if (changes !== stamp()) return reread(); // changed meanwhile through this server: read again
        Object.assign(cached, { role: alive ? role : null, at: Date.now() });
      }, (err: Error) => {
        reading = false;
        cached.at = Date.now();
        if (!failing) log(`collab ${documentId}: could not recheck the role of ${user.name} (the last one stands): ${err.message}`);
        failing = true;
      });
    };
    const role = (): Role | null => {
      if (auth.sessions.wasRevokedHere(session)) return null;
      const changes = stamp();
      if (changes !== cached.changes) {
        cached.changes = changes;
        cached.role = auth.accounts.changedRole(user.id, group) ?? cached.role;
        reread();
      } else if (Date.now() - cached.at >= RECHECK_MS) {
        reread();
      }
      return cached.role;
    };
    return { user: { id: user.id, name: user.name }, role };
  };
}

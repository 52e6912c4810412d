// Who may open a document's collaboration socket: the upgrade request must come from this site
// (Origin) with a live session of a member of the document's group. The connection then checks the
// member's role on every message: from a cache that a sign-out or a role change made through this
// server empties at once, and that is read again from SQLite at least every RECHECK_MS (session
// expiry, changes made by another process such as `draftroom user role`).
import type { Authorize } from '../collab/upgrade';
import type { Store } from '../store/store';
import type { Auth } from './auth';
import type { Role } from './roles';
import { sameOrigin } from './middleware';

const RECHECK_MS = 1000;

export function collabAuthorizer(auth: Auth, store: Store): Authorize {
  return async (req, documentId) => {
    if (!sameOrigin(req)) return 403;
    const signedIn = auth.signedIn(req);
    if (!signedIn) return 401;
    const document = await store.getDocument(documentId);
    const { user, session } = signedIn;
    // Another group's document is answered like a missing one: outsiders learn nothing.
    if (!document || !auth.accounts.role(user.id, document.group)) return 404;
    let cached: { changes: string; at: number; role: Role | null } | null = null;
    const role = (): Role | null => {
      const changes = `${auth.sessions.revocations}:${auth.accounts.roleChanges}`;
      const now = Date.now();
      if (cached && cached.changes === changes && now - cached.at < RECHECK_MS) return cached.role;
      cached = { changes, at: now, role: auth.sessions.alive(session) ? auth.accounts.role(user.id, document.group) : null };
      return cached.role;
    };
    return { user: { id: user.id, name: user.name }, role };
  };
}

// Who may open a document's collaboration socket: the upgrade request must come from this site
// (Origin) with a live session of a member of the document's group. The connection then reads the
// member's role afresh on every message, so a sign-out or a role change takes effect at once.
import type { Authorize } from '../collab/upgrade';
import type { Store } from '../store/store';
import type { Auth } from './auth';
import { sameOrigin } from './middleware';

export function collabAuthorizer(auth: Auth, store: Store): Authorize {
  return async (req, documentId) => {
    if (!sameOrigin(req)) return 403;
    const signedIn = auth.signedIn(req);
    if (!signedIn) return 401;
    const document = await store.getDocument(documentId);
    const { user, session } = signedIn;
    // Another group's document is answered like a missing one: outsiders learn nothing.
    if (!document || !auth.accounts.role(user.id, document.group)) return 404;
    return {
      user: { id: user.id, name: user.name },
      role: () => (auth.sessions.alive(session) ? auth.accounts.role(user.id, document.group) : null),
    };
  };
}

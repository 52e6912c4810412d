// The app shell: signs the user in, then shows the page of the current route.
import { GroupPage } from '../auth/GroupPage';
import { InvitePage } from '../auth/InvitePage';
import { SessionGate } from '../auth/SessionGate';
import { DocumentList } from '../documents/DocumentList';
import { EditorPage } from '../editor/EditorPage';
import { parseRoute, usePath } from './router';

export function App() {
  const route = parseRoute(usePath());
  // An invitation is for people without an account too: outside the sign-in gate.
  if (route.page === 'invite') return <InvitePage key={route.token} token={route.token} />;
  return (
    <SessionGate>
      {(controls) => {
        switch (route.page) {
          case 'documents':
            return <DocumentList controls={controls} />;
          case 'editor':
            return <EditorPage key={route.id} id={route.id} controls={controls} />;
          case 'group':
            return <GroupPage key={route.code} code={route.code} controls={controls} />;
          default:
            return (
              <main className="page">
                <h1>Not found</h1>
                <p>There is no page at {route.path}. <a href="/">Back to the documents</a></p>
              </main>
            );
        }
      }}
    </SessionGate>
  );
}

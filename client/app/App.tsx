// The app shell: asks who the user is, then shows the page of the current route.
import { DocumentList } from '../documents/DocumentList';
import { EditorPage } from '../editor/EditorPage';
import { parseRoute, usePath } from './router';
import { UserGate } from './UserGate';

export function App() {
  const route = parseRoute(usePath());
  return (
    <UserGate>
      {(user) => {
        switch (route.page) {
          case 'documents':
            return <DocumentList />;
          case 'editor':
            return <EditorPage key={route.id} id={route.id} user={user} />;
          default:
            return (
              <main className="page">
                <h1>Not found</h1>
                <p>There is no page at {route.path}. <a href="/">Back to the documents</a></p>
              </main>
            );
        }
      }}
    </UserGate>
  );
}

// The app shell: signs the user in, then shows the page of the current route.
import { SessionGate } from '../auth/SessionGate';
import { DocumentList } from '../documents/DocumentList';
import { EditorPage } from '../editor/EditorPage';
import { parseRoute, usePath } from './router';

export function App() {
  const route = parseRoute(usePath());
  return (
    <SessionGate>
      {(controls) => {
        switch (route.page) {
          case 'documents':
            return <DocumentList controls={controls} />;
          case 'editor':
            return <EditorPage key={route.id} id={route.id} controls={controls} />;
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

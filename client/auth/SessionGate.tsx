// Renders the app for the signed-in user, or the sign-in form when nobody is signed in.
import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { getSession, signIn, signOut, type Session } from '../app/api';
import { groupPath, navigate } from '../app/router';
import { clearLocalCopies } from './local-copies';

export interface SessionControls {
  session: Session;
  signOut(): void;
}

export function SessionGate({ children }: { children: (controls: SessionControls) => ReactNode }) {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    getSession().then(setSession, (err: Error) => setError(err.message));
  }, []);
  const leave = useCallback(() => {
    signOut().then(() => {
      setSession(null); // unmounts the editor, closing its local copy
      return clearLocalCopies();
    }).catch((err: Error) => setError(err.message));
  }, []);
  if (session) return <>{children({ session, signOut: leave })}</>;
  if (session === undefined && !error) return <main className="page"><p className="muted">Loading…</p></main>;
  return <SignIn error={error} onSignedIn={(s) => { setError(null); setSession(s); }} />;
}

function SignIn({ error, onSignedIn }: { error: string | null; onSignedIn(session: Session): void }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    signIn(name.trim(), password).then(onSignedIn, (err: Error) => {
      setProblem(err.message);
      setBusy(false);
    });
  };
  return (
    <main className="page sign-in-page">
      <form className="dialog sign-in" onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in to Draftroom</h1>
        <label>
          Name
          <input name="name" autoComplete="username" autoFocus value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {(problem ?? error) && <p className="error" role="alert">{problem ?? error}</p>}
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={busy || !name.trim() || !password}>Sign in</button>
        </div>
      </form>
    </main>
  );
}

/** The signed-in user's name, the pages of the groups they coordinate and the sign-out button, for page headers. */
export function UserMenu({ controls }: { controls: SessionControls }) {
  const coordinated = controls.session.memberships.filter((m) => m.role === 'coordinator');
  return (
    <span className="user-menu">
      {coordinated.map((m) => (
        <a key={m.group} className="group-link" href={groupPath(m.group)} title={`Members of ${m.groupName}`}
          onClick={(e) => { e.preventDefault(); navigate(groupPath(m.group)); }}>{m.group}</a>
      ))}
      <span className="user-name" title={controls.session.memberships.map((m) => `${m.group}: ${m.role}`).join(', ')}>{controls.session.user.name}</span>
      <button type="button" onClick={controls.signOut}>Sign out</button>
    </span>
  );
}

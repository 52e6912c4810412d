// The invitation page (`/invite/<token>`): shows the group and the role a link invites to, and
// joins with a new account, an existing one (signing in), or as the signed-in user.
import { useEffect, useState, type FormEvent } from 'react';
import { getSession, signIn, type Session } from '../app/api';
import { navigate } from '../app/router';
import { acceptInvitation, getInvitation, type Invitation } from './api';
import './auth.css';

type Mode = 'new' | 'existing';

export function InvitePage({ token }: { token: string }) {
  const [invitation, setInvitation] = useState<Invitation | null>(null);
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);
  const [mode, setMode] = useState<Mode>('new');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    getInvitation(token).then(setInvitation, (err: Error) => setProblem(err.message));
    getSession().then(setSession, () => setSession(null));
  }, [token]);

  const join = (work: () => Promise<unknown>) => {
    setBusy(true);
    setProblem(null);
    work().then(() => navigate('/'), (err: Error) => {
      setProblem(err.message);
      setBusy(false);
    });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (mode === 'new') {
      if (password !== again) return setProblem('The two passwords differ.');
      join(() => acceptInvitation(token, { name: name.trim(), password }));
    } else {
      join(async () => {
        await signIn(name.trim(), password);
        await acceptInvitation(token);
      });
    }
  };

  if (!invitation) {
    return (
      <main className="page sign-in-page">
        <div className="dialog invite">
          <h1>Invitation</h1>
          {problem ? <p className="error" role="alert">{problem}</p> : <p className="muted">Loading…</p>}
          <p><a href="/">Go to Draftroom</a></p>
        </div>
      </main>
    );
  }

  const what = (
    <p className="invite-what">
      You are invited to join <strong>{invitation.groupName}</strong> ({invitation.group}) as <strong className="invite-role">{invitation.role}</strong>.
      <span className="muted"> The link is valid until {new Date(invitation.expiresAt).toLocaleString()}.</span>
    </p>
  );

  if (session) {
    return (
      <main className="page sign-in-page">
        <div className="dialog invite">
          <h1>Join {invitation.group}</h1>
          {what}
          {problem && <p className="error" role="alert">{problem}</p>}
          <div className="dialog-buttons">
            <button type="button" className="primary" disabled={busy} onClick={() => join(() => acceptInvitation(token))}>
              Join as {session.user.name}
            </button>
          </div>
        </div>
      </main>
    );
  }

  return (
    <main className="page sign-in-page">
      <form className="dialog invite" onSubmit={submit} aria-labelledby="invite-title">
        <h1 id="invite-title">Join {invitation.group}</h1>
        {what}
        <div className="invite-modes" role="radiogroup" aria-label="Account">
          <label><input type="radio" name="mode" checked={mode === 'new'} onChange={() => setMode('new')} /> New account</label>
          <label><input type="radio" name="mode" checked={mode === 'existing'} onChange={() => setMode('existing')} /> I have an account</label>
        </div>
        <label>
          Name
          <input name="name" autoComplete="username" autoFocus value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete={mode === 'new' ? 'new-password' : 'current-password'}
            value={password} onChange={(e) => setPassword(e.target.value)} required minLength={mode === 'new' ? 8 : undefined} />
        </label>
        {mode === 'new' && (
          <label>
            Password again
            <input name="again" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} required />
          </label>
        )}
        {problem && <p className="error" role="alert">{problem}</p>}
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={busy || !name.trim() || !password}>
            {mode === 'new' ? 'Create account and join' : 'Sign in and join'}
          </button>
        </div>
      </form>
    </main>
  );
}

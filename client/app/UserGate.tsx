// Asks for the user's display name once, then renders the app with that user.
import { useState, type FormEvent, type ReactNode } from 'react';
import { loadUser, saveUser, type LocalUser } from './user';

export function UserGate({ children }: { children: (user: LocalUser) => ReactNode }) {
  const [user, setUser] = useState<LocalUser | null>(loadUser);
  const [name, setName] = useState('');
  if (user) return <>{children(user)}</>;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) setUser(saveUser(name));
  };
  return (
    <div className="dialog-backdrop">
      <form className="dialog" onSubmit={submit} aria-labelledby="user-gate-title">
        <h2 id="user-gate-title">Welcome to Draftroom</h2>
        <label>
          Your name, as co-authors will see it
          <input name="display-name" autoFocus value={name} onChange={(e) => setName(e.target.value)} maxLength={80} required />
        </label>
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={!name.trim()}>Continue</button>
        </div>
      </form>
    </div>
  );
}

// A group's page for its coordinators (`/groups/<code>`): members and their roles, invitation
// links, and the audit log. The server decides; this page shows its refusals as they come.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { navigate } from '../app/router';
import { auditLog, createInvitation, listMembers, ROLES, setMemberRole, type AuditEntry, type Member, type Role } from './api';
import { UserMenu, type SessionControls } from './SessionGate';
import './auth.css';

const EXPIRY_CHOICES: [string, number][] = [['1 day', 86_400], ['7 days', 7 * 86_400], ['30 days', 30 * 86_400]];

function describe(entry: AuditEntry): string {
  const detail = entry.detail ?? {};
  switch (entry.action) {
    case 'role-change': return `role ${String(detail.from)} → ${String(detail.to)}`;
    case 'invitation-created': return `invitation as ${String(detail.role)}`;
    case 'invitation-accepted': return `joined as ${String(detail.role)}`;
    case 'export': return `${String(detail.format)} of ${String(detail.document)}`;
    default: return '';
  }
}

export function GroupPage({ code, controls }: { code: string; controls: SessionControls }) {
  const membership = controls.session.memberships.find((m) => m.group === code);
  const [members, setMembers] = useState<Member[] | null>(null);
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [role, setRole] = useState<Role>('drafter');
  const [expiresIn, setExpiresIn] = useState(EXPIRY_CHOICES[1][1]);
  const [link, setLink] = useState<string | null>(null);

  const refresh = useCallback(() => {
    Promise.all([listMembers(code), auditLog(code)]).then(([m, a]) => {
      setMembers(m);
      setEntries(a.slice(0, 100));
    }, (err: Error) => setProblem(err.message));
  }, [code]);
  useEffect(refresh, [refresh]);

  const changeRole = (member: Member, next: Role) => {
    setProblem(null);
    setMemberRole(code, member.userId, next).then(refresh, (err: Error) => setProblem(err.message));
  };

  const invite = (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    createInvitation(code, role, expiresIn).then(({ url }) => {
      setLink(url);
      refresh();
    }, (err: Error) => setProblem(err.message));
  };

  return (
    <main className="page group-page">
      <header className="page-header">
        <div>
          <h1>{membership?.groupName ?? code}</h1>
          <p className="muted"><a href="/" onClick={(e) => { e.preventDefault(); navigate('/'); }}>Documents</a> · group {code}</p>
        </div>
        <UserMenu controls={controls} />
      </header>
      {problem && <p className="error" role="alert">{problem}</p>}

      <section>
        <h2>Members</h2>
        {members === null ? <p className="muted">Loading…</p> : (
          <table className="members">
            <thead><tr><th>Name</th><th>Role</th></tr></thead>
            <tbody>
              {members.map((member) => (
                <tr key={member.userId} className="member" data-name={member.name}>
                  <td>{member.name}</td>
                  <td>
                    <select aria-label={`Role of ${member.name}`} value={member.role}
                      onChange={(e) => changeRole(member, e.target.value as Role)}>
                      {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section>
        <h2>Invite</h2>
        <form className="new-invitation" onSubmit={invite}>
          <label>Role <select name="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
          </select></label>
          <label>Valid for <select name="expires" value={expiresIn} onChange={(e) => setExpiresIn(Number(e.target.value))}>
            {EXPIRY_CHOICES.map(([label, seconds]) => <option key={seconds} value={seconds}>{label}</option>)}
          </select></label>
          <button type="submit" className="primary">Create invitation link</button>
        </form>
        {link && (
          <div className="invitation-link">
            <input readOnly value={link} aria-label="Invitation link" onFocus={(e) => e.target.select()} />
            <button type="button" onClick={() => void navigator.clipboard?.writeText(link)}>Copy</button>
          </div>
        )}
      </section>

      <section>
        <h2>Audit log</h2>
        <table className="audit">
          <thead><tr><th>When</th><th>Who</th><th>What</th><th /></tr></thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id} data-action={entry.action}>
                <td>{new Date(entry.time).toLocaleString()}</td>
                <td>{entry.name ?? ''}</td>
                <td>{entry.action}</td>
                <td>{describe(entry)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </main>
  );
}

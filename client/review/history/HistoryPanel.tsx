// The history tab: saved versions (named and automatic), "Save version…", compare any two versions
// or a version with now, and restore (coordinators): the version's text comes back as the
// coordinator's tracked changes, after an automatic "Before restoring" version.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { listVersions, restoreVersion, saveVersion, type RestoreResult, type VersionInfo } from './api';
import { localeDateTime } from '../../app/dates';
import { CompareView, type Side } from './CompareView';

export interface HistoryPermissions {
  save: boolean;
  restore: boolean;
}

const NOW = 'now';

/** What a restore did, in a sentence: "3 changes from “v1” suggested". */
export function restoredNotice(version: VersionInfo, { changes, unrestored }: RestoreResult): string {
  const made = changes ? `${changes} ${changes === 1 ? 'change' : 'changes'} from “${version.name}” suggested` : `Already the same text as “${version.name}”: nothing to suggest`;
  if (!unrestored) return `${made}.`;
  return `${made}; ${unrestored} structural ${unrestored === 1 ? 'difference' : 'differences'} (such as table rows) could not be tracked and ${unrestored === 1 ? 'was' : 'were'} left as ${unrestored === 1 ? 'it is' : 'they are'}.`;
}

function when(time: number): string {
  return localeDateTime(time, 'medium');
}

interface Props {
  documentId: string;
  can: HistoryPermissions;
  /** Whether the tab is shown: the list is reloaded each time it is (automatic versions appear meanwhile). */
  shown: boolean;
}

export function HistoryPanel({ documentId, can, shown }: Props) {
  const [versions, setVersions] = useState<VersionInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState(NOW);
  const [comparing, setComparing] = useState<{ from: Side; to: Side } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const refresh = useCallback(() => {
    listVersions(documentId).then((list) => { setVersions(list); setError(null); }, (err: Error) => setError(err.message));
  }, [documentId]);
  useEffect(() => { if (shown) refresh(); }, [refresh, shown]);
  useEffect(() => {
    if (versions?.length && !versions.some((v) => v.id === from)) setFrom(versions[0].id);
  }, [versions, from]);

  const side = (id: string): Side | null => {
    if (id === NOW) return { now: true };
    const version = versions?.find((v) => v.id === id);
    return version ? { version } : null;
  };
  const compare = (a: string, b: string) => {
    const older = side(a), newer = side(b);
    if (older && newer) setComparing({ from: older, to: newer });
  };
  const restore = async (version: VersionInfo) => {
    const question = `Restore “${version.name}”? Its text comes back as your tracked changes, which can be accepted or rejected like any other; the current text is kept as a version first.`;
    if (!window.confirm(question)) return;
    setNotice(null);
    try {
      await saveVersion(documentId, `Before restoring “${version.name}”`);
      setNotice(restoredNotice(version, await restoreVersion(documentId, version.id)));
      refresh();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const options = [<option key={NOW} value={NOW}>Now</option>, ...(versions ?? []).map((v) => <option key={v.id} value={v.id}>{v.name}</option>)];
  return (
    <section className="history-panel" aria-label="Version history">
      <header className="history-head">
        {can.save && <button type="button" className="primary" onClick={() => setSaving(true)}>Save version…</button>}
        <button type="button" onClick={refresh} title="Reload the list">Refresh</button>
      </header>
      {versions && versions.length > 0 && (
        <div className="compare-pickers">
          <label>From <select aria-label="Compare from" value={from} onChange={(e) => setFrom(e.target.value)}>{options}</select></label>
          <label>To <select aria-label="Compare to" value={to} onChange={(e) => setTo(e.target.value)}>{options}</select></label>
          <button type="button" disabled={from === to} onClick={() => compare(from, to)}>Compare</button>
        </div>
      )}
      {error && <p className="error" role="alert">{error}</p>}
      {notice && <p className="history-notice" role="status">{notice}</p>}
      {versions === null && !error && <p className="muted">Loading…</p>}
      {versions?.length === 0 && <p className="muted history-empty">No versions yet.{can.save ? ' Save one to mark a milestone.' : ''}</p>}
      <ol className="version-list">
        {versions?.map((v) => (
          <li key={v.id} className={`version${v.name.startsWith('Auto: ') ? ' auto' : ''}`} data-version={v.id}>
            <div className="version-name">{v.name}</div>
            <div className="version-meta muted">{when(v.createdAt)}</div>
            <div className="version-actions">
              <button type="button" onClick={() => compare(v.id, NOW)}>Compare with now</button>
              {can.restore && <button type="button" onClick={() => void restore(v)}>Restore</button>}
            </div>
          </li>
        ))}
      </ol>
      {saving && <SaveVersionDialog documentId={documentId} onDone={(saved) => { setSaving(false); if (saved) refresh(); }} />}
      {comparing && <CompareView documentId={documentId} from={comparing.from} to={comparing.to} onClose={() => setComparing(null)} />}
    </section>
  );
}

function SaveVersionDialog({ documentId, onDone }: { documentId: string; onDone(saved: boolean): void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    setBusy(true);
    try {
      await saveVersion(documentId, name.trim());
      onDone(true);
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => { if (e.target === e.currentTarget) onDone(false); }}>
      <form className="dialog" onSubmit={submit} onKeyDown={(e) => { if (e.key === 'Escape') onDone(false); }} aria-labelledby="save-version-title">
        <h2 id="save-version-title">Save version</h2>
        <label>
          Name
          <input name="version-name" value={name} maxLength={500} placeholder="after PT meeting 3" autoFocus onChange={(e) => setName(e.target.value)} />
        </label>
        {error && <p className="error" role="alert">{error}</p>}
        <div className="dialog-buttons">
          <button type="button" onClick={() => onDone(false)}>Cancel</button>
          <button type="submit" className="primary" disabled={!name.trim() || busy}>Save</button>
        </div>
      </form>
    </div>
  );
}

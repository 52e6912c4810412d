// Asks for the conference a document is drafted for (prefilled from its cover) and proposes the
// updates of its revision citations against the library, as tracked changes.
import { useState, type FormEvent } from 'react';
import type { EditorView } from 'prosemirror-view';
import { coverConference } from '../../shared/model/new-proposal';
import { libraryTexts } from './api';
import { citationUpdates } from './citations';

interface Props {
  view: EditorView;
  /** Offered right after a MOD was inserted (the wording says so). */
  afterMod: boolean;
  onDone(message: string | null): void;
}

export function CitationDialog({ view, afterMod, onDone }: Props) {
  const cover = coverConference(view.state.doc);
  const [place, setPlace] = useState(cover?.revision?.place ?? '');
  const [year, setYear] = useState(String(cover?.revision?.year ?? cover?.year ?? new Date().getFullYear() + 1));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const yearNumber = Number(year);
  const ready = place.trim() !== '' && Number.isInteger(yearNumber) && yearNumber >= 1865 && yearNumber <= 2200 && !busy;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!ready) return;
    setBusy(true);
    try {
      const entries = await libraryTexts();
      const tr = citationUpdates(view.state, entries, { place: place.trim(), year: yearNumber });
      if (tr.docChanged) view.dispatch(tr.scrollIntoView());
      onDone(tr.docChanged ? 'Citations updated: review them as tracked changes.' : 'Every citation is current.');
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  return (
    <div className="dialog-backdrop" onMouseDown={(e) => { if (e.target === e.currentTarget) onDone(null); }}>
      <form className="dialog citation-dialog" onSubmit={submit} onKeyDown={(e) => { if (e.key === 'Escape') onDone(null); }}
        aria-labelledby="citation-dialog-title">
        <h2 id="citation-dialog-title">{afterMod ? 'Update the citations too?' : 'Update revision citations'}</h2>
        <p className="muted">
          Citations of resolutions move to their revision in the library, and the number line of each MOD to the
          conference drafted for{cover ? ` (${cover.name})` : ''}. Each update is a tracked change.
        </p>
        <div className="conference-fields">
          <label>Place<input name="place" value={place} onChange={(e) => setPlace(e.target.value)} placeholder="Baku" /></label>
          <label>Year<input name="year" value={year} inputMode="numeric" onChange={(e) => setYear(e.target.value)} /></label>
        </div>
        {error && <p className="error" role="alert">{error}</p>}
        <div className="dialog-buttons">
          <button type="button" onClick={() => onDone(null)}>{afterMod ? 'Not now' : 'Cancel'}</button>
          <button type="submit" className="primary" disabled={!ready}>{busy ? 'Updating…' : 'Update citations'}</button>
        </div>
      </form>
    </div>
  );
}

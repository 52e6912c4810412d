// The export dialog: the pre-export check (lint of the document as it is now, with the library's
// newest revisions once they have arrived, so outdated citations of MODs are warned of), the choice of
// format, and the download of the file the server builds from the stored document.
import { useEffect, useMemo, useState } from 'react';
import type { EditorView } from 'prosemirror-view';
import { TextSelection } from 'prosemirror-state';
import { lint, type Problem } from '../../shared/model/lint';
import type { RevisionLookup } from '../../shared/model/citation-refs';
import { fetchExport } from '../app/api';
import { libraryTexts } from '../library/api';
import { lookupOfEntries } from '../library/citations';
import './export.css';

/** How many problems the dialog lists; the rest are counted. */
const SHOWN = 40;

const FORMATS = [
  { format: 'submission', label: 'Submission (.docx)', hint: 'agreed changes of MOD units as Word revisions, attributed to the group' },
  { format: 'review', label: 'Review copy (.docx)', hint: 'every change as a Word revision with its author and date' },
  { format: 'clean', label: 'Clean copy (.docx)', hint: 'agreed changes applied, no revision marks' },
  { format: 'html', label: 'HTML preview', hint: 'opens in a new tab, ready to print to PDF' },
] as const;

type Format = (typeof FORMATS)[number]['format'];

interface Props {
  documentId: string;
  view: EditorView;
  onClose(): void;
}

/** Moves the editor's cursor to a problem's position and scrolls it into view. */
function reveal(view: EditorView, problem: Problem): void {
  if (problem.pos === undefined) return;
  const pos = Math.min(problem.pos + 1, view.state.doc.content.size);
  view.dispatch(view.state.tr.setSelection(TextSelection.near(view.state.doc.resolve(pos))).scrollIntoView());
  view.focus();
}

function save(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function ExportDialog({ documentId, view, onClose }: Props) {
  const [library, setLibrary] = useState<RevisionLookup | undefined>(undefined);
  useEffect(() => {
    let live = true;
    // Without the library (offline, an error) the check runs without the citation warnings.
    libraryTexts().then((entries) => live && setLibrary(() => lookupOfEntries(entries)), () => {});
    return () => { live = false; };
  }, []);
  const problems = useMemo(() => lint(view.state.doc, { library }), [view, library]);
  const suggestions = problems.filter((p) => p.code === 'suggested-change').length;
  const errors = problems.filter((p) => p.severity === 'error');
  const [format, setFormat] = useState<Format>('submission');
  const [includeSuggested, setIncludeSuggested] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const blocked = format === 'submission' && errors.some((p) => p.code !== 'suggested-change' || !includeSuggested);

  const run = async () => {
    setBusy(true);
    setFailure(null);
    // The HTML preview goes to a tab opened now, inside the click, so pop-up blockers allow it.
    const tab = format === 'html' ? window.open('', '_blank') : null;
    try {
      const { blob, filename } = await fetchExport(documentId, format, includeSuggested && (format === 'submission' || format === 'clean'));
      if (tab) tab.location.href = URL.createObjectURL(blob);
      else save(blob, filename);
      onClose();
    } catch (err) {
      tab?.close();
      setFailure((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="dialog-backdrop" onMouseDown={(e) => { if (e.target === e.currentTarget) onClose(); }}>
      <div className="dialog export-dialog" role="dialog" aria-labelledby="export-title" onKeyDown={(e) => { if (e.key === 'Escape') onClose(); }}>
        <h2 id="export-title">Export</h2>
        <section className="export-check" aria-label="Check before export">
          {problems.length === 0
            ? <p className="ok">Ready: no problems found.</p>
            : (
              <ul className="problems">
                {problems.slice(0, SHOWN).map((p, i) => (
                  <li key={i} className={p.severity}>
                    <button type="button" className="link" onClick={() => { reveal(view, p); onClose(); }}>
                      <strong>{p.severity === 'error' ? 'Error' : 'Warning'}</strong>
                      {p.proposalRef ? ` ${p.proposalRef}:` : ''} {p.message}
                    </button>
                  </li>
                ))}
                {problems.length > SHOWN && <li className="muted">and {problems.length - SHOWN} more</li>}
              </ul>
            )}
        </section>
        <fieldset className="formats">
          <legend>Format</legend>
          {FORMATS.map((f) => (
            <label key={f.format} className="format-choice">
              <input type="radio" name="format" value={f.format} checked={format === f.format} onChange={() => setFormat(f.format)} />
              <strong>{f.label}</strong> <span className="muted">{f.hint}</span>
            </label>
          ))}
        </fieldset>
        {/* the review copy and the HTML preview show every change anyway */}
        {suggestions > 0 && (format === 'submission' || format === 'clean') && (
          <label className="include-suggested">
            <input type="checkbox" checked={includeSuggested} onChange={(e) => setIncludeSuggested(e.target.checked)} />
            {format === 'clean' ? 'Apply' : 'Include'} the {suggestions} suggested change{suggestions === 1 ? '' : 's'} not yet agreed
          </label>
        )}
        {blocked && <p className="error">The submission is blocked by the errors above.</p>}
        {failure && <p className="error" role="alert">{failure}</p>}
        <div className="dialog-buttons">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="button" className="primary" disabled={busy || blocked} onClick={run}>{busy ? 'Exporting…' : 'Export'}</button>
        </div>
      </div>
    </div>
  );
}

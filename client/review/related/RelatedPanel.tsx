// The Related tab: for the resolution under the cursor (or the proposal's), the other Sectors'
// resolutions on the same subject, from the mapping documents imported into the library: grouped
// by Sector, each with its title, subject areas, extracts (each can be quoted into the draft as
// the user's tracked insertion with its citation) and its full text when the library holds it.
// A search box looks any resolution up by Sector and number.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { resolutionAt, quoteText } from '../../../shared/model/resolution-target';
import { formatResolutionRef, SECTORS, type ResolutionRef, type Sector } from '../../../shared/model/resolution-refs';
import type { RelatedResolution } from '../../../shared/model/related';
import { libraryEntry } from '../../library/api';
import { formatOfFile } from '../../library/file-import';
import { importIntoLibrary, relatedResolutions, type RelatedAnswer } from './api';
import { insertQuote } from './quote';
import './related.css';

interface Props {
  view: EditorView;
  state: EditorState;
  /** Whether the user may change the text (observers only read). */
  canQuote: boolean;
  /** Whether the tab is shown: nothing is asked of the server while it is hidden. */
  shown: boolean;
  /** Coordinators may add a mapping document to the library from here. */
  canImport: boolean;
}

/** "Add a mapping…": a mapping document (TSAG's, .docx, .txt or .md) into the library's cross-Sector index. */
function MappingImport({ onImported }: { onImported(message: string): void }) {
  const [busy, setBusy] = useState(false);
  const pick = async (file: File | undefined) => {
    if (!file) return;
    const format = formatOfFile(file.name);
    if (!format) return onImported(`${file.name}: choose a .docx, .txt or .md file`);
    setBusy(true);
    try {
      const result = await importIntoLibrary(file, format);
      const m = result.mapping;
      onImported(m
        ? `${file.name}: ${m.rows} mapping rows, ${m.relations} relations${m.unparsed.length ? `; ${m.unparsed.length} cell texts could not be read (e.g. “${m.unparsed[0].text.slice(0, 60)}”)` : ''}.`
        : `${file.name}: no mapping table found; ${result.added} provisions added to the library.`);
    } catch (err) {
      onImported(`${file.name}: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <label className="related-import">
      <input type="file" accept=".docx,.txt,.md,.markdown" disabled={busy} onChange={(e) => { void pick(e.target.files?.[0]); e.target.value = ''; }} />
      <span>{busy ? 'Adding…' : 'Add a mapping to the library…'}</span>
    </label>
  );
}

type Target = { sector: Sector; number: string };

const SECTOR_NAMES: Record<Sector, string> = { PP: 'Plenipotentiary (PP)', WTSA: 'ITU-T (WTSA)', WTDC: 'ITU-D (WTDC)', RA: 'ITU-R (RA)' };

/** A call heading (`resolves`, `instructs the Director ...`): shown in italics, not quoted alone. */
function isCallHeading(extract: string): boolean {
  return /^(?:further\s+|also\s+)?(?:resolves|instructs|invites|requests|encourages|calls\s+upon|urges|decides|considering|recalling|noting|recognizing|aware|emphasizing|bearing|taking)\b/i.test(extract)
    && !/[;.,:]$/.test(extract) && extract.length < 160;
}

function refOf(r: RelatedResolution): ResolutionRef {
  return { sector: r.sector, number: r.number, edition: r.edition, revision: r.revision, rev: r.rev };
}

/** The paragraphs of a library entry's text (a resolution node as JSON). */
function entryParagraphs(content: Record<string, unknown>): string[] {
  const out: string[] = [];
  const walk = (node: { type?: string; text?: string; content?: unknown[] }, into: string[]) => {
    if (node.type === 'text') into.push(node.text ?? '');
    else for (const child of (node.content ?? []) as typeof node[]) {
      if (child.type === 'footnote') continue;
      if (child.content && child.content.some((c) => (c as { type?: string }).type === 'text')) {
        const parts: string[] = [];
        walk(child, parts);
        out.push(parts.join(''));
      } else walk(child, into);
    }
  };
  walk(content as never, []);
  return out.filter((p) => p.trim());
}

function FullText({ entryId }: { entryId: string }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!open || text) return;
    libraryEntry(entryId).then((e) => setText(entryParagraphs(e.content)), (err: Error) => setError(err.message));
  }, [open, text, entryId]);
  return (
    <div className="related-full">
      <button type="button" className="link" aria-expanded={open} onClick={() => setOpen(!open)}>{open ? 'Hide full text' : 'Full text (library)'}</button>
      {open && error && <p className="error">{error}</p>}
      {open && text && <div className="related-full-text">{text.map((p, i) => <p key={i}>{p}</p>)}</div>}
    </div>
  );
}

function RelatedCard({ r, canQuote, onQuote }: { r: RelatedResolution; canQuote: boolean; onQuote: (r: RelatedResolution, extract: string) => void }) {
  return (
    <li className="related-card" data-ref={`${r.sector} ${r.number}`}>
      <div className="related-ref">{formatResolutionRef(refOf(r))}</div>
      {r.title && <div className="related-title">{r.title}</div>}
      {r.subjects.length > 0 && <div className="related-subjects">{r.subjects.join(' · ')}</div>}
      {r.extracts.length > 0 && (
        <ul className="related-extracts">
          {r.extracts.map((e, i) => (
            <li key={i} className={isCallHeading(e) ? 'related-call' : 'related-extract'}>
              <span>{e.replace(/\t/, ' ')}</span>
              {canQuote && !isCallHeading(e) && <button type="button" className="related-quote" title="Insert this extract with its citation as your tracked insertion" onClick={() => onQuote(r, e)}>Quote</button>}
            </li>
          ))}
        </ul>
      )}
      {r.libraryEntryId && <FullText entryId={r.libraryEntryId} />}
    </li>
  );
}

export function RelatedPanel({ view, state, canQuote, shown, canImport }: Props) {
  const at = useMemo(() => resolutionAt(state.doc, state.selection.from), [state.doc, state.selection.from]);
  const cursorTarget: Target | null = at?.sector ? { sector: at.sector, number: at.number } : null;
  const [searched, setSearched] = useState<Target | null>(null);
  const [sector, setSector] = useState<Sector>('PP');
  const [number, setNumber] = useState('');
  const [answer, setAnswer] = useState<RelatedAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const target = searched ?? cursorTarget;
  const key = target ? `${target.sector} ${target.number}` : '';

  useEffect(() => {
    if (!shown || !target) return;
    let live = true;
    setError(null);
    relatedResolutions(target.sector, target.number).then((a) => live && setAnswer(a), (err: Error) => live && setError(err.message));
    return () => { live = false; };
  }, [shown, key, generation]); // eslint-disable-line react-hooks/exhaustive-deps

  const search = (e: FormEvent) => {
    e.preventDefault();
    if (/^\d{1,4}[A-Z]?$/i.test(number.trim())) setSearched({ sector, number: number.trim() });
  };
  const quote = (r: RelatedResolution, extract: string) => {
    const ok = insertQuote(view, quoteText(refOf(r), extract));
    setNotice(ok ? `Quoted from ${formatResolutionRef(refOf(r))} as your tracked insertion.` : 'Put the cursor in the document where the quotation should go.');
    if (ok) view.focus();
  };

  const shownAnswer = answer && target && answer.sector === target.sector && answer.number.toUpperCase() === target.number.toUpperCase() ? answer : null;
  const groups = SECTORS.map((s) => [s, shownAnswer?.related.filter((r) => r.sector === s) ?? []] as const).filter(([, list]) => list.length);
  return (
    <section className="related-panel" aria-label="Related resolutions">
      <form className="related-search" onSubmit={search}>
        <select aria-label="Sector" value={sector} onChange={(e) => setSector(e.target.value as Sector)}>
          {SECTORS.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
        <input aria-label="Resolution number" placeholder="Resolution no." value={number} onChange={(e) => setNumber(e.target.value)} inputMode="numeric" />
        <button type="submit">Look up</button>
        {searched && <button type="button" className="link" onClick={() => setSearched(null)}>Follow cursor</button>}
      </form>
      {canImport && <MappingImport onImported={(message) => { setNotice(message); setGeneration((g) => g + 1); }} />}
      {!target && <p className="related-empty">Put the cursor in a resolution (or a proposal) to see what the other Sectors’ resolutions say on its subject, or look one up.</p>}
      {target && (
        <div className="related-head">
          <strong>{target.sector} Resolution {target.number}</strong>{!searched && ' (at the cursor)'}
          {shownAnswer?.self?.title && <div className="related-title">{shownAnswer.self.title}</div>}
          {shownAnswer && shownAnswer.subjects.length > 0 && <div className="related-subjects">Subject: {shownAnswer.subjects.join(' · ')}</div>}
        </div>
      )}
      {error && <p className="error" role="alert">{error}</p>}
      {notice && <p className="related-notice" role="status">{notice}</p>}
      {shownAnswer && !shownAnswer.rows.length && <p className="related-empty">No mapping in the library names this resolution. A coordinator can add one (e.g. TSAG’s mapping of WTSA, WTDC and RA resolutions onto PP resolutions) here.</p>}
      {shownAnswer && shownAnswer.rows.length > 0 && !shownAnswer.related.length && <p className="related-empty">The mapping names this resolution with no related resolution.</p>}
      {groups.map(([s, list]) => (
        <section key={s} className="related-group" aria-label={SECTOR_NAMES[s]}>
          <h3>{SECTOR_NAMES[s]}</h3>
          <ul className="related-list">{list.map((r) => <RelatedCard key={`${r.sector} ${r.number}`} r={r} canQuote={canQuote} onQuote={quote} />)}</ul>
        </section>
      ))}
    </section>
  );
}

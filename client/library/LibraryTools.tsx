// The editor's library tools: the new-proposal flow (action, provision from the library, the unit
// built by buildProposalUnit and inserted), the citation-update offer after a MOD and on request,
// "Insert from file", and the relettering hint. Opened through LibraryRequests.
// A coordinator's MOD goes in locally with its base text untracked (the unit carrying her unit
// record, shared/track/unit.ts, so it is one change for review); a drafter may only make
// tracked edits, so the server builds and inserts her MOD (POST /api/documents/:id/proposals) and
// the editor waits for the unit to arrive over the collaboration socket before moving into it.
import { useEffect, useRef, useState } from 'react';
import { Node as PMNode } from 'prosemirror-model';
import type { EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { schema } from '../../shared/schema';
import { nextReference } from '../../shared/model';
import { buildProposalUnit, coverConference } from '../../shared/model/new-proposal';
import { trackUser, withUnitRecord } from '../../shared/track';
import { ProposalDialog, type ProposalChoice } from '../documents/ProposalDialog';
import { createProposal, libraryEntry } from './api';
import { CitationDialog } from './CitationDialog';
import { ACCEPTED_FILES, readImportFile, reportText } from './file-import';
import { insertImported, insertionIndex, insertUnit, moveCursorInto, proposalPosition } from './insert';
import { ReletterHint } from './ReletterHint';
import type { LibraryRequests } from './requests';
import { StateWaiter } from './state-waiter';
import './library.css';

/** How long a drafter's MOD made by the server may take to reach the editor. */
const ARRIVAL_TIMEOUT_MS = 15_000;

interface Props {
  documentId: string;
  view: EditorView;
  state: EditorState;
  requests: LibraryRequests;
  /** Coordinators insert a MOD's base text untracked; the server does it for drafters; other units are the author's tracked insertion. */
  role: 'coordinator' | 'drafter' | 'observer' | null;
}

type Open = { kind: 'proposal'; ref: string } | { kind: 'citations'; afterMod: boolean } | null;

export function LibraryTools({ documentId, view, state, requests, role }: Props) {
  const [open, setOpen] = useState<Open>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  /** After a MOD: its citations may be updated, offered in the message rather than in a dialog nobody asked for. */
  const [offerCitations, setOfferCitations] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const [arrivals] = useState(() => new StateWaiter());

  useEffect(() => arrivals.update(state), [arrivals, state]);
  useEffect(() => () => arrivals.cancel('The editor was closed.'), [arrivals]);

  useEffect(() => requests.listen((request) => {
    if (!view.editable) return;
    setError(null);
    if (request === 'proposal') setOpen({ kind: 'proposal', ref: nextReference(view.state.doc) });
    else if (request === 'citations') setOpen({ kind: 'citations', afterMod: false });
    else fileInput.current?.click();
  }), [requests, view]);

  const close = (text: string | null = null) => {
    setOpen(null);
    setBusy(false);
    setOfferCitations(false);
    setMessage(text);
    view.focus();
  };

  /** A drafter's MOD: the server inserts it untracked; resolves once it is in the editor, with the cursor in it. */
  const serverMod = async (choice: ProposalChoice, libraryEntryId: string) => {
    const made = await createProposal(documentId, {
      action: choice.action, ref: choice.ref, heading: choice.heading ?? '', libraryEntryId, index: insertionIndex(view),
    });
    const pos = await arrivals.waitFor(view.state, (s) => proposalPosition(s.doc, made.ref, made.index), ARRIVAL_TIMEOUT_MS,
      `${choice.action} ${made.ref} was made but has not reached this editor yet: check the connection.`);
    moveCursorInto(view, pos);
  };

  const insertProposal = async (choice: ProposalChoice) => {
    setBusy(true);
    setError(null);
    try {
      const mod = choice.action === 'MOD' || choice.action === '(MOD)';
      if (mod && choice.base && role !== 'coordinator') {
        await serverMod(choice, choice.base.id);
      } else {
        const base = choice.base ? PMNode.fromJSON(schema, (await libraryEntry(choice.base.id)).content) : null;
        const conference = coverConference(view.state.doc);
        const built = buildProposalUnit(schema, { ...choice, base, doc: view.state.doc, conference });
        // a coordinator's MOD: its base text untracked, the unit itself recorded as added by her (one change to review)
        const untracked = mod && role === 'coordinator';
        const author = trackUser(view.state);
        const unit = untracked && author ? withUnitRecord(built, author) : built;
        if (!insertUnit(view, unit, untracked)) throw new Error('A proposal cannot go here: put the cursor outside the cover.');
      }
      close(`${choice.action} ${choice.ref} inserted.`);
      setOfferCitations(mod && !!choice.base);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  const insertFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      const { doc, report } = await readImportFile(file);
      const count = insertImported(view, doc);
      const notes = reportText(report) ? ` The import ${reportText(report)}.` : '';
      setMessage((count ? `Inserted ${count} block${count === 1 ? '' : 's'} from “${file.name}” as tracked changes.` : `“${file.name}” has nothing to insert here.`) + notes);
    } catch (err) {
      setMessage(err instanceof Error ? err.message : String(err));
    } finally {
      if (fileInput.current) fileInput.current.value = '';
      view.focus();
    }
  };

  return (
    <>
      <input ref={fileInput} type="file" accept={ACCEPTED_FILES} hidden aria-label="Insert from file"
        onChange={(e) => void insertFile(e.target.files?.[0])} />
      <ReletterHint view={view} state={state} />
      {message && (
        <div className="library-message" role="status">
          {message}
          {offerCitations && (
            <button type="button" className="offer-citations" onClick={() => { setMessage(null); setOfferCitations(false); setOpen({ kind: 'citations', afterMod: true }); }}>
              Update its citations…
            </button>
          )}
          <button type="button" aria-label="Close" onClick={() => { setMessage(null); setOfferCitations(false); }}>×</button>
        </div>
      )}
      {open?.kind === 'proposal' && (
        <ProposalDialog defaultRef={open.ref} busy={busy} error={error} onSubmit={(choice) => void insertProposal(choice)} onCancel={() => close()} />
      )}
      {open?.kind === 'citations' && <CitationDialog view={view} afterMod={open.afterMod} onDone={close} />}
    </>
  );
}

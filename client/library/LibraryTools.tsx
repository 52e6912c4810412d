// The editor's library tools: the new-proposal flow (action, provision from the library, the unit
// built by buildProposalUnit and inserted), the citation-update offer after a MOD and on request,
// "Insert from file", and the relettering hint. Opened through LibraryRequests.
import { useEffect, useRef, useState } from 'react';
import { Node as PMNode } from 'prosemirror-model';
import type { EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { schema } from '../../shared/schema';
import { nextReference } from '../../shared/model';
import { buildProposalUnit, coverConference } from '../../shared/model/new-proposal';
import { ProposalDialog, type ProposalChoice } from '../documents/ProposalDialog';
import { libraryEntry } from './api';
import { CitationDialog } from './CitationDialog';
import { ACCEPTED_FILES, readImportFile } from './file-import';
import { insertImported, insertUnit } from './insert';
import { ReletterHint } from './ReletterHint';
import type { LibraryRequests } from './requests';
import './library.css';

interface Props {
  view: EditorView;
  state: EditorState;
  requests: LibraryRequests;
  /** Coordinators insert a MOD's base text untracked; a drafter's whole unit is her tracked insertion. */
  role: 'coordinator' | 'drafter' | 'observer' | null;
}

type Open = { kind: 'proposal'; ref: string } | { kind: 'citations'; afterMod: boolean } | null;

export function LibraryTools({ view, state, requests, role }: Props) {
  const [open, setOpen] = useState<Open>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

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
    setMessage(text);
    view.focus();
  };

  const insertProposal = async (choice: ProposalChoice) => {
    setBusy(true);
    setError(null);
    try {
      const base = choice.base ? PMNode.fromJSON(schema, (await libraryEntry(choice.base.id)).content) : null;
      const conference = coverConference(view.state.doc);
      const unit = buildProposalUnit(schema, { ...choice, base, doc: view.state.doc, conference });
      const mod = choice.action === 'MOD' || choice.action === '(MOD)';
      if (!insertUnit(view, unit, mod && role === 'coordinator')) throw new Error('A proposal cannot go here: put the cursor outside the cover.');
      if (mod && base) {
        setOpen({ kind: 'citations', afterMod: true });
        setBusy(false);
      } else {
        close(`${choice.action} ${choice.ref} inserted.`);
      }
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  const insertFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      const count = insertImported(view, await readImportFile(file));
      setMessage(count ? `Inserted ${count} block${count === 1 ? '' : 's'} from “${file.name}” as tracked changes.` : `“${file.name}” has nothing to insert here.`);
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
          {message} <button type="button" aria-label="Close" onClick={() => setMessage(null)}>×</button>
        </div>
      )}
      {open?.kind === 'proposal' && (
        <ProposalDialog defaultRef={open.ref} busy={busy} error={error} onSubmit={(choice) => void insertProposal(choice)} onCancel={() => close()} />
      )}
      {open?.kind === 'citations' && <CitationDialog view={view} afterMod={open.afterMod} onDone={close} />}
    </>
  );
}

// "Import…" on the document list: a .docx, .txt or .md file becomes a new document, parsed in the
// browser with the shared importer and created with its content (POST /api/documents). When the
// import report has something to say (debris dropped, references inferred) it is shown with a
// link to the new document instead of opening it at once.
import { useRef, useState } from 'react';
import { editorPath, navigate } from '../app/router';
import { createDocumentWith } from './api';
import { ACCEPTED_FILES, readImportFile, reportText, titleOfFile } from './file-import';

interface Props {
  /** The group the document goes to (undefined: the server picks the only one the user coordinates). */
  group?: string;
  onError(message: string): void;
}

export function ImportButton({ group, onError }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [imported, setImported] = useState<{ id: string; name: string; report: string } | null>(null);

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    try {
      setImported(null);
      const { doc, report } = await readImportFile(file);
      const created = await createDocumentWith(titleOfFile(file.name), doc, group);
      if (!reportText(report)) {
        navigate(editorPath(created.id));
        return;
      }
      setImported({ id: created.id, name: file.name, report: reportText(report) });
      setBusy(false);
    } catch (err) {
      onError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    } finally {
      if (input.current) input.current.value = '';
    }
  };

  return (
    <>
      <input ref={input} type="file" accept={ACCEPTED_FILES} hidden aria-label="Import a file as a new document"
        onChange={(e) => void importFile(e.target.files?.[0])} />
      <button type="button" className="import-document" disabled={busy} title="Create a document from a .docx, .txt or .md file"
        onClick={() => input.current?.click()}>
        {busy ? 'Importing…' : 'Import…'}
      </button>
      {imported && (
        <p className="import-report" role="status">
          Imported “{imported.name}”: {imported.report}.{' '}
          <a href={editorPath(imported.id)} onClick={(e) => { e.preventDefault(); navigate(editorPath(imported.id)); }}>Open it</a>
        </p>
      )}
    </>
  );
}

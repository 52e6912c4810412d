// Picks a provision in force from the server's library: a search box (number or words of the
// title) and the matching entries to choose from.
import { useEffect, useState } from 'react';
import { searchLibrary, type LibrarySummary } from './api';

interface Props {
  selected: LibrarySummary | null;
  onSelect(entry: LibrarySummary): void;
}

function revisionText(entry: LibrarySummary): string {
  return entry.revision ? `${entry.revision.place}, ${entry.revision.year}` : 'no revision';
}

export function BasePicker({ selected, onSelect }: Props) {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<LibrarySummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    searchLibrary(query.trim()).then(
      (entries) => { if (current) { setResults(entries); setError(null); } },
      (err: Error) => { if (current) setError(err.message); },
    );
    return () => { current = false; };
  }, [query]);

  return (
    <fieldset className="base-picker">
      <legend>Provision in force</legend>
      <input type="search" aria-label="Search the library" placeholder="Number or title, e.g. 30 or gender"
        value={query} onChange={(e) => setQuery(e.target.value)} />
      {error && <p className="error" role="alert">{error}</p>}
      {results?.length === 0 && <p className="muted">Nothing in the library matches “{query}”.</p>}
      <ul className="library-results" role="listbox" aria-label="Library">
        {results?.map((entry) => (
          <li key={entry.id} role="option" aria-selected={selected?.id === entry.id} data-number={entry.number}
            className={selected?.id === entry.id ? 'selected' : undefined}
            onClick={() => onSelect(entry)} onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onSelect(entry); } }}
            tabIndex={0}>
            <strong>{entry.kind.charAt(0) + entry.kind.slice(1).toLowerCase()} {entry.number}</strong>
            <span className="muted"> ({revisionText(entry)})</span>
            <div className="library-title">{entry.title}</div>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

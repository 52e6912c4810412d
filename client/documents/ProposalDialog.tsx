// The new-proposal dialog: the action symbol, for MOD/(MOD)/SUP/SUP* the provision concerned picked
// from the library, the reference (prefilled with the document's next serial) and an optional heading.
import { useState, type FormEvent } from 'react';
import { ACTIONS, type Action } from '../../shared/schema';
import { parseReference, type ProposalAttrs } from '../../shared/model';
import { headingExample, needsBaseText } from '../../shared/model/new-proposal';
import { BasePicker } from '../library/BasePicker';
import type { LibrarySummary } from '../library/api';

const MEANING: Record<Action, string> = {
  MOD: 'change an existing provision',
  '(MOD)': 'editorial change only',
  ADD: 'new text (a draft new resolution)',
  'ADD*': 'text moved here from elsewhere',
  SUP: 'delete a whole provision',
  'SUP*': 'text moved elsewhere',
  NOC: 'no change',
};

export interface ProposalChoice extends ProposalAttrs {
  /** The provision from the library, for MOD, (MOD), SUP and SUP* (null: an empty unit). */
  base: LibrarySummary | null;
}

interface Props {
  defaultRef: string;
  onSubmit(choice: ProposalChoice): void;
  onCancel(): void;
  /** Shown while the unit is being made (the base text loading) or when that failed. */
  busy?: boolean;
  error?: string | null;
}

export function ProposalDialog({ defaultRef, onSubmit, onCancel, busy = false, error = null }: Props) {
  const [action, setAction] = useState<Action>('MOD');
  const [ref, setRef] = useState(defaultRef);
  const [heading, setHeading] = useState('');
  const [base, setBase] = useState<LibrarySummary | null>(null);
  const refProblem = ref.trim() && !parseReference(ref) ? 'A reference ends with its serial number, as in EUR/48A1/1.' : null;
  const needsBase = needsBaseText(action);
  const ready = !refProblem && !busy;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!ready) return;
    onSubmit({ action, ref: ref.trim(), heading: heading.trim(), base: needsBase ? base : null });
  };

  return (
    <div className="dialog-backdrop" onMouseDown={(e) => { if (e.target === e.currentTarget) onCancel(); }}>
      <form className="dialog proposal-dialog" onSubmit={submit} onKeyDown={(e) => { if (e.key === 'Escape') onCancel(); }}
        aria-labelledby="proposal-dialog-title">
        <h2 id="proposal-dialog-title">New proposal</h2>
        <fieldset className="actions">
          <legend>Action</legend>
          {ACTIONS.map((a) => (
            <label key={a} className="action-choice">
              <input type="radio" name="action" value={a} checked={action === a} onChange={() => setAction(a)} />
              <strong>{a}</strong> <span className="muted">{MEANING[a]}</span>
            </label>
          ))}
        </fieldset>
        {needsBase && <BasePicker selected={base} onSelect={setBase} />}
        <label>
          Reference
          <input name="ref" value={ref} onChange={(e) => setRef(e.target.value)} autoFocus />
        </label>
        {refProblem && <p className="error">{refProblem}</p>}
        <label>
          Heading (optional)
          <input name="heading" value={heading} placeholder={headingExample(action, ref, needsBase ? base : null)} onChange={(e) => setHeading(e.target.value)} />
        </label>
        {needsBase && !base && <p className="muted">Pick the provision this {action} concerns, or insert an empty unit.</p>}
        {error && <p className="error" role="alert">{error}</p>}
        <div className="dialog-buttons">
          <button type="button" onClick={onCancel}>Cancel</button>
          <button type="submit" className="primary" disabled={!ready}>{busy ? 'Inserting…' : 'Insert'}</button>
        </div>
      </form>
    </div>
  );
}

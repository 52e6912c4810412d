// The new-proposal dialog: the action symbol, the reference (prefilled with the document's next serial)
// and an optional heading.
import { useState, type FormEvent } from 'react';
import { ACTIONS, type Action } from '../../shared/schema';
import { parseReference, type ProposalAttrs } from '../../shared/model';

const MEANING: Record<Action, string> = {
  MOD: 'change an existing provision',
  '(MOD)': 'editorial change only',
  ADD: 'new text',
  'ADD*': 'text moved here from elsewhere',
  SUP: 'delete a whole provision',
  'SUP*': 'text moved elsewhere',
  NOC: 'no change',
};

interface Props {
  defaultRef: string;
  onSubmit(attrs: ProposalAttrs): void;
  onCancel(): void;
}

export function ProposalDialog({ defaultRef, onSubmit, onCancel }: Props) {
  const [action, setAction] = useState<Action>('MOD');
  const [ref, setRef] = useState(defaultRef);
  const [heading, setHeading] = useState('');
  const refProblem = ref.trim() && !parseReference(ref) ? 'A reference ends with its serial number, as in EUR/48A1/1.' : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (refProblem) return;
    onSubmit({ action, ref: ref.trim(), heading: heading.trim() });
  };

  return (
    <div className="dialog-backdrop" onMouseDown={(e) => { if (e.target === e.currentTarget) onCancel(); }}>
      <form className="dialog proposal-dialog" onSubmit={submit} onKeyDown={(e) => { if (e.key === 'Escape') onCancel(); }}
        aria-labelledby="proposal-dialog-title">
        <h2 id="proposal-dialog-title">New proposal unit</h2>
        <fieldset className="actions">
          <legend>Action</legend>
          {ACTIONS.map((a) => (
            <label key={a} className="action-choice">
              <input type="radio" name="action" value={a} checked={action === a} onChange={() => setAction(a)} />
              <strong>{a}</strong> <span className="muted">{MEANING[a]}</span>
            </label>
          ))}
        </fieldset>
        <label>
          Reference
          <input name="ref" value={ref} onChange={(e) => setRef(e.target.value)} autoFocus />
        </label>
        {refProblem && <p className="error">{refProblem}</p>}
        <label>
          Heading (optional)
          <input name="heading" value={heading} placeholder="ECP-2: Revision to Resolution 30" onChange={(e) => setHeading(e.target.value)} />
        </label>
        <div className="dialog-buttons">
          <button type="button" onClick={onCancel}>Cancel</button>
          <button type="submit" className="primary" disabled={!!refProblem}>Insert</button>
        </div>
      </form>
    </div>
  );
}

// A comment text box with @mention completion from the group's members: typing "@an" lists the
// matching members; arrows choose, Enter or Tab completes, Escape closes the list. Ctrl/Cmd-Enter sends.
import { useRef, useState, type KeyboardEvent } from 'react';
import { completeMention, mentionCandidates, mentionQuery, type Person } from '../../../shared/comments';

interface Props {
  value: string;
  onChange(value: string): void;
  onSubmit(): void;
  onCancel?(): void;
  members: Person[];
  placeholder: string;
  label: string;
  autoFocus?: boolean;
}

export function MentionInput({ value, onChange, onSubmit, onCancel, members, placeholder, label, autoFocus }: Props) {
  const box = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState(0);
  const [choice, setChoice] = useState(0);
  const [closed, setClosed] = useState(false);
  const query = mentionQuery(value, caret);
  const candidates = query && !closed ? mentionCandidates(members, query.query) : [];

  const complete = (member: Person) => {
    const done = completeMention(value, query!.start, caret, member);
    onChange(done.text);
    setCaret(done.caret);
    requestAnimationFrame(() => box.current?.setSelectionRange(done.caret, done.caret));
  };

  const keyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (candidates.length) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        setChoice((c) => (c + (event.key === 'ArrowDown' ? 1 : candidates.length - 1)) % candidates.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        complete(candidates[Math.min(choice, candidates.length - 1)]);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setClosed(true);
        return;
      }
    }
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      onSubmit();
    } else if (event.key === 'Escape' && onCancel) {
      event.preventDefault();
      onCancel();
    }
  };

  return (
    <div className="mention-input">
      <textarea ref={box} value={value} placeholder={placeholder} aria-label={label} autoFocus={autoFocus} rows={2}
        onChange={(e) => { onChange(e.target.value); setCaret(e.target.selectionStart); setChoice(0); setClosed(false); }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)} onKeyDown={keyDown} />
      {candidates.length > 0 && (
        <ul className="mention-list" role="listbox" aria-label="Members">
          {candidates.map((member, i) => (
            <li key={member.id} role="option" aria-selected={i === choice} className={i === choice ? 'chosen' : undefined}
              onMouseDown={(e) => { e.preventDefault(); complete(member); }}>@{member.name}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

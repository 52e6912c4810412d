// The editor toolbar: proposal units, the action of the current proposal, structure, marks, undo/redo.
import { useMemo, type ReactNode } from 'react';
import type { EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { ACTIONS, type Action } from '../../shared/schema';
import { findProposal, setProposalAction } from '../../shared/model';
import { shortcutLabel, type UiCommands } from './keymap';
import { menuGroups, type MenuItem } from './menu';

interface Props {
  view: EditorView;
  state: EditorState;
  ui: UiCommands;
  /** Extra controls in a last group (the track-changes switch). */
  children?: ReactNode;
}

function run(view: EditorView, item: MenuItem): void {
  item.command(view.state, view.dispatch, view);
  view.focus();
}

export function Toolbar({ view, state, ui, children }: Props) {
  const groups = useMemo(() => menuGroups(ui), [ui]);
  const proposal = findProposal(state);
  const editable = view.editable;
  return (
    <div className="toolbar" role="toolbar" aria-label="Formatting">
      {groups.map((group, i) => (
        <div className="toolbar-group" key={i}>
          {group.map((item) => {
            const active = item.active?.(state) ?? false;
            return (
              <button key={item.id} type="button" data-command={item.id}
                className={active ? 'active' : undefined} aria-pressed={item.active ? active : undefined}
                title={item.shortcut ? `${item.title} (${shortcutLabel(item.shortcut)})` : item.title}
                disabled={!editable || !item.command(state)}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => run(view, item)}>
                {item.label}
              </button>
            );
          })}
          {i === 0 && (
            <select aria-label="Action of the current proposal" title="Action of the current proposal"
              value={proposal?.node.attrs.action ?? ''} disabled={!editable || !proposal}
              onChange={(event) => {
                setProposalAction(event.target.value as Action)(view.state, view.dispatch);
                view.focus();
              }}>
              {!proposal && <option value="">Action</option>}
              {ACTIONS.map((action) => <option key={action} value={action}>{action}</option>)}
            </select>
          )}
        </div>
      ))}
      {children && <div className="toolbar-group toolbar-review">{children}</div>}
    </div>
  );
}

// The channel between the editor (toolbar button, Mod-Alt-m, clicks on highlights) and the
// comments panel: "start a comment on the selection" and "show this thread".
import { keymap } from 'prosemirror-keymap';
import type { Command, Plugin } from 'prosemirror-state';
import { commentHighlights } from './highlight';

export const COMMENT_SHORTCUT = 'Mod-Alt-m';

export class CommentRequests {
  private starts = new Set<() => void>();
  private activations = new Set<(threadId: string) => void>();

  start(): void {
    for (const listener of this.starts) listener();
  }

  activate(threadId: string): void {
    for (const listener of this.activations) listener(threadId);
  }

  onStart(listener: () => void): () => void {
    this.starts.add(listener);
    return () => this.starts.delete(listener);
  }

  onActivate(listener: (threadId: string) => void): () => void {
    this.activations.add(listener);
    return () => this.activations.delete(listener);
  }
}

/** Applies when there is a selection or a cursor (the panel says when nothing can be commented). */
export function commentCommand(requests: CommentRequests): Command {
  return (_state, dispatch) => {
    if (dispatch) requests.start();
    return true;
  };
}

/** The editor plugins of comments: highlights of commented text and the comment shortcut. */
export function commentPlugins(requests: CommentRequests): Plugin[] {
  return [commentHighlights((id) => requests.activate(id)), keymap({ [COMMENT_SHORTCUT]: commentCommand(requests) })];
}

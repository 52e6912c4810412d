// The changes of a document as the review UI shows them: the engine's list, grouped by proposal,
// with the authors and their counts. Computed once per document (memoised on the doc node, which
// ProseMirror never mutates), so every consumer of one state shares one listing.
import type { Node as PMNode } from 'prosemirror-model';
import { listChanges, type Change } from '../../shared/track';

export interface ChangeGroup {
  /** The proposal's reference, or null for the changes outside proposals. */
  ref: string | null;
  /** The proposal's action (MOD, ADD …), or null outside proposals. */
  action: string | null;
  changes: Change[];
}

export interface AuthorInfo {
  id: string;
  name: string;
  count: number;
}

export interface ChangeIndex {
  changes: Change[];
  authors: AuthorInfo[];
}

const cache = new WeakMap<PMNode, ChangeIndex>();

/** The listing of `doc`, computed on first use. */
export function changeIndex(doc: PMNode): ChangeIndex {
  let index = cache.get(doc);
  if (!index) {
    const changes = listChanges(doc);
    index = { changes, authors: authorsOf(changes) };
    cache.set(doc, index);
  }
  return index;
}

/** The key of a change in lists: an id can name an insertion and a deletion of one edit. */
export function changeKey(change: Pick<Change, 'kind' | 'id'>): string {
  return `${change.kind}:${change.id}`;
}

function authorsOf(changes: readonly Change[]): AuthorInfo[] {
  const byId = new Map<string, AuthorInfo>();
  for (const change of changes) {
    const author = byId.get(change.author);
    if (author) author.count++;
    else byId.set(change.author, { id: change.author, name: change.authorName || change.author || 'Unknown', count: 1 });
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The action of every proposal by reference (proposals are top-level blocks). */
export function proposalActions(doc: PMNode): Map<string, string> {
  const actions = new Map<string, string>();
  doc.forEach((node) => {
    if (node.type.name === 'proposal' && node.attrs.ref) actions.set(String(node.attrs.ref), String(node.attrs.action));
  });
  return actions;
}

/** `changes` grouped by proposal, in document order; the changes outside proposals form one group of their own. */
export function groupByProposal(changes: readonly Change[], actions: ReadonlyMap<string, string>): ChangeGroup[] {
  const groups = new Map<string | null, ChangeGroup>();
  for (const change of changes) {
    const group = groups.get(change.proposalRef);
    if (group) group.changes.push(change);
    else groups.set(change.proposalRef, { ref: change.proposalRef, action: change.proposalRef ? actions.get(change.proposalRef) ?? null : null, changes: [change] });
  }
  return [...groups.values()];
}

/** The innermost change around `pos`, for "current change" highlighting. */
export function changeAt(changes: readonly Change[], pos: number): Change | null {
  let best: Change | null = null;
  for (const change of changes) {
    if (change.from > pos) break;
    if (change.to >= pos && (!best || change.to - change.from < best.to - best.from)) best = change;
  }
  return best;
}

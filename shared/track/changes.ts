// The change list: every tracked change of a document (revision marks and block records), one
// entry per change id in document order, and the selections review works on.
import type { Node as PMNode } from 'prosemirror-model';
import type { BlockRevision, ChangeStatus, RevisionAttrs } from '../schema';
import { formatChangeMark, type ChangeKind } from './revision';
import { restoredMarkup } from './attributes';
import { blockEvents } from './change-events';

export interface Change {
  id: string;
  kind: ChangeKind;
  author: string;
  authorName: string;
  time: number;
  status: ChangeStatus;
  /** The ref of the enclosing proposal, or null outside proposals. */
  proposalRef: string | null;
  /** Inserted, deleted or reformatted text (a paragraph mark reads as "\n"), or a description of an attribute change. */
  text: string;
  /**
   * What a formatting change did, in words ("Formatted: bold, not italic"), on kind `format`; what a
   * unit record says ("Added MOD Resolution 30 (unit EUR/48A1/1)"), on a unit added (`unit`).
   */
  description?: string;
  /** A whole proposal unit added (shared/track/unit.ts): one change for the unit, its text empty. */
  unit?: true;
  from: number;
  to: number;
}

/** "item → heading", "action: MOD → SUP": what an attribute record changed. */
export function describeAttributeChange(node: PMNode, record: BlockRevision): string {
  const old = restoredMarkup(node, record);
  const parts: string[] = [];
  if (old.type !== node.type) parts.push(`${old.type.name} → ${node.type.name}`);
  for (const [key, before] of Object.entries(old.attrs)) {
    const now = node.attrs[key];
    if (key !== 'track' && JSON.stringify(before ?? null) !== JSON.stringify(now ?? null)) parts.push(`${key}: ${fmt(before)} → ${fmt(now)}`);
  }
  return parts.join(', ') || `${node.type.name} attributes`;
}

/** "Formatted: bold, not italic" (the words of formatDifferences; "Formatted" alone when none are left). */
export function describeFormat(words: readonly string[]): string {
  return words.length ? `Formatted: ${words.join(', ')}` : 'Formatted';
}

function fmt(value: unknown): string {
  return value === null || value === undefined || value === '' ? '(none)' : String(value);
}

/**
 * All changes of `doc` in document order, one entry per change id. The blocks' contributions are
 * cached per node (change-events.ts): after an edit only the blocks on its path are visited again.
 */
export function listChanges(doc: PMNode): Change[] {
  const byId = new Map<string, Change>();
  const formatWords = new Map<string, Set<string>>();
  doc.forEach((block, offset) => {
    for (const e of blockEvents(block)) {
      const key = `${e.kind}:${e.attrs.id}`;
      const text = e.kind === 'attribute' ? describeAttributeChange(e.node!, e.attrs as BlockRevision) : e.text;
      const from = e.from + offset, to = e.to + offset;
      let change = byId.get(key);
      if (change) {
        change.text += text;
        change.from = Math.min(change.from, from);
        change.to = Math.max(change.to, to);
      } else {
        const { id, author, authorName, time, status } = e.attrs;
        byId.set(key, change = { id, kind: e.kind, author, authorName, time, status, proposalRef: e.ref ?? null, text, from, to });
      }
      if (e.unit) Object.assign(change, { unit: true, description: e.description });
      else if (e.description) change.description ??= e.description;
      if (e.words) {
        const words = formatWords.get(e.attrs.id) ?? new Set<string>();
        for (const word of e.words) words.add(word);
        formatWords.set(e.attrs.id, words);
      }
    }
  });
  for (const [id, words] of formatWords) byId.get(`format:${id}`)!.description = describeFormat([...words]);
  return [...byId.values()].sort((a, b) => a.from - b.from);
}

function ids(changes: Change[]): string[] {
  return [...new Set(changes.map((c) => c.id))];
}

/**
 * Ids of every change in `doc`, with the formatting records kept inside another author's
 * (`prior`): reviewing everything reaches them too, so rejecting all gives the text's first formatting.
 */
export function allChangeIds(doc: PMNode): string[] {
  const all = ids(listChanges(doc));
  const seen = new Set(all);
  doc.descendants((node) => {
    for (let r = formatChangeMark(node)?.attrs.prior as RevisionAttrs & { prior?: unknown } | null | undefined; r; r = r.prior as typeof r) {
      if (!seen.has(r.id)) { seen.add(r.id); all.push(r.id); }
    }
    return true;
  });
  return all;
}

/** Ids of the changes made by the user with id `author`. */
export function changeIdsByAuthor(doc: PMNode, author: string): string[] {
  return ids(listChanges(doc).filter((c) => c.author === author));
}

/** Ids of the changes inside the proposal with reference `ref`. */
export function changeIdsInProposal(doc: PMNode, ref: string): string[] {
  return ids(listChanges(doc).filter((c) => c.proposalRef === ref));
}

/** Ids of the changes touching `from`-`to` (a collapsed range picks the change around it). */
export function changeIdsInRange(doc: PMNode, from: number, to: number): string[] {
  return ids(listChanges(doc).filter((c) => c.from <= to && c.to >= from && (from === to || (c.from < to && c.to > from))));
}

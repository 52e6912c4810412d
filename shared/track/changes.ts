// The change list: every tracked change of a document (revision marks and block records), one
// entry per change id in document order, and the selections review works on.
import type { Node as PMNode } from 'prosemirror-model';
import type { BlockRevision, ChangeStatus, RevisionAttrs } from '../schema';
import { blockRecords, deletionMark, formatChangeMark, insertionMark, type ChangeKind } from './revision';
import { restoredMarkup } from './attributes';
import { beforeOf, formatDifferences, formatOf } from './format-change';
import { describeUnit, isUnitRecord } from './unit';

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

/** Text of an inline node as a change shows it. */
function inlineText(node: PMNode): string {
  if (node.isText) return node.text!;
  if (node.type.name === 'hard_break') return '\n';
  return node.textContent;
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

/** All changes of `doc` in document order, one entry per change id. */
export function listChanges(doc: PMNode): Change[] {
  const byId = new Map<string, Change>();
  const formatWords = new Map<string, Set<string>>();
  const add = (attrs: RevisionAttrs, kind: ChangeKind, text: string, from: number, to: number, ref: string | null) => {
    const key = `${kind}:${attrs.id}`;
    const change = byId.get(key);
    if (change) {
      change.text += text;
      change.from = Math.min(change.from, from);
      change.to = Math.max(change.to, to);
    } else {
      byId.set(key, {
        id: attrs.id, kind, author: attrs.author, authorName: attrs.authorName, time: attrs.time,
        status: attrs.status, proposalRef: ref, text, from, to,
      });
    }
  };
  const visit = (node: PMNode, pos: number, ref: string | null) => {
    if (node.isInline) {
      const text = inlineText(node);
      const ins = insertionMark(node), del = deletionMark(node);
      if (ins) add(ins.attrs as RevisionAttrs, 'insertion', text, pos, pos + node.nodeSize, ref);
      if (del) add(del.attrs as RevisionAttrs, 'deletion', text, pos, pos + node.nodeSize, ref);
      const format = formatChangeMark(node);
      if (format) {
        add(format.attrs as RevisionAttrs, 'format', text, pos, pos + node.nodeSize, ref);
        const words = formatWords.get(format.attrs.id) ?? new Set<string>();
        for (const word of formatDifferences(beforeOf(format), formatOf(node.marks))) words.add(word);
        formatWords.set(format.attrs.id, words);
      }
      // an inline node with content of its own (a footnote) holds changes too
      node.forEach((child, offset) => visit(child, pos + 1 + offset, ref));
      return;
    }
    const inner = node.type.name === 'proposal' ? String(node.attrs.ref ?? '') || null : ref;
    for (const record of blockRecords(node)) {
      const end = pos + node.nodeSize;
      if (record.kind === 'attribute') add(record, 'attribute', describeAttributeChange(node, record), pos, end, inner);
      else if (isUnitRecord(record)) {
        // at the unit's opening, so selecting the change puts the cursor into the unit
        add(record, 'insertion', '', pos, pos + 1, inner);
        Object.assign(byId.get(`insertion:${record.id}`)!, { unit: true, description: describeUnit(node) });
      } else {
        add(record, record.kind, '', end - 1, end, inner);
        // a unit inserted as a tracked insertion (its text marked too) is named the same way
        if (record.kind === 'insertion' && record.whole && node.type.name === 'proposal') byId.get(`insertion:${record.id}`)!.description ??= describeUnit(node);
      }
    }
    node.forEach((child, offset) => visit(child, pos + 1 + offset, inner));
    if (node.isTextblock) {
      for (const record of blockRecords(node)) {
        if (record.kind !== 'attribute') byId.get(`${record.kind}:${record.id}`)!.text += '\n';
      }
    }
  };
  doc.forEach((node, offset) => visit(node, offset, null));
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

// Comment anchors: ProseMirror ranges turned into Yjs relative positions of the 'prosemirror'
// fragment (so they move with concurrent edits) and back; a change anchor follows a tracked
// change by id. A thread whose text is gone is reported orphaned, never dropped.
import type { Node as PMNode } from 'prosemirror-model';
import * as Y from 'yjs';
import { absolutePositionToRelativePosition, initProseMirrorDoc, relativePositionToAbsolutePosition } from 'y-prosemirror';
import { schema } from '../schema';
import { listChanges } from '../track/changes';
import { CommentError, type Anchor, type Thread } from './model';

type ProsemirrorMapping = ReturnType<typeof initProseMirrorDoc>['mapping'];

/** The document as y-prosemirror renders the fragment: the node tree and the Yjs type of each node. */
export interface BoundDocument {
  ydoc: Y.Doc;
  fragment: Y.XmlFragment;
  doc: PMNode;
  mapping: ProsemirrorMapping;
}

/** Longest quote of the anchored text kept with a thread (shown when it is orphaned). */
const QUOTE_LENGTH = 200;

/** Renders the fragment of `ydoc` (outside an editor: the server, the CLI, tests). */
export function bindDocument(ydoc: Y.Doc, fragmentName = 'prosemirror'): BoundDocument {
  const fragment = ydoc.getXmlFragment(fragmentName);
  const { doc, mapping } = initProseMirrorDoc(fragment, schema);
  return { ydoc, fragment, doc, mapping };
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array | null {
  try {
    const binary = atob(text);
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

function quoteOf(doc: PMNode, from: number, to: number): string {
  const text = doc.textBetween(from, to, ' ', ' ').replace(/\s+/g, ' ').trim();
  return text.length > QUOTE_LENGTH ? `${text.slice(0, QUOTE_LENGTH - 1)}…` : text;
}

/** An anchor on `from`-`to` of the bound document; throws on an empty or out-of-range selection. */
export function rangeAnchor(bound: BoundDocument, from: number, to: number): Anchor {
  if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from < to && to <= bound.doc.content.size)) {
    throw new CommentError('select the text to comment on');
  }
  const encode = (pos: number) => toBase64(Y.encodeRelativePosition(absolutePositionToRelativePosition(pos, bound.fragment, bound.mapping)));
  return { from: encode(from), to: encode(to), quote: quoteOf(bound.doc, from, to) };
}

/** An anchor on the tracked change `changeId` of the bound document. */
export function changeAnchor(doc: PMNode, changeId: string): Anchor {
  const change = listChanges(doc).find((c) => c.id === changeId);
  if (!change) throw new CommentError(`no tracked change ${changeId}`);
  return { changeId, quote: change.text.replace(/\s+/g, ' ').trim().slice(0, QUOTE_LENGTH) };
}

/** Where a thread is now: its range, or `orphaned` when the anchored text or change is gone. */
export interface Located {
  thread: Thread;
  from: number;
  to: number;
  orphaned: boolean;
}

function resolve(bound: BoundDocument, encoded: string): number | null {
  const bytes = fromBase64(encoded);
  if (!bytes) return null;
  try {
    return relativePositionToAbsolutePosition(bound.ydoc, bound.fragment, Y.decodeRelativePosition(bytes), bound.mapping);
  } catch {
    return null; // undecodable bytes, or a position into content this mapping does not know
  }
}

/** The current range of one anchor; null when its text or change is gone. */
export function locateAnchor(bound: BoundDocument, anchor: Anchor, changes = listChanges(bound.doc)): { from: number; to: number } | null {
  if ('changeId' in anchor) {
    const change = changes.find((c) => c.id === anchor.changeId);
    return change ? { from: change.from, to: change.to } : null;
  }
  const from = resolve(bound, anchor.from), to = resolve(bound, anchor.to);
  if (from === null || to === null) return null;
  const size = bound.doc.content.size;
  const a = Math.max(0, Math.min(from, size)), b = Math.max(0, Math.min(to, size));
  if (a >= b || bound.doc.textBetween(a, b, '', '\ufffc') === '') return null; // collapsed: the text was deleted
  return { from: a, to: b };
}

/** Every thread with its current range, in document order; orphaned ones last, oldest first. */
export function locateThreads(bound: BoundDocument, threads: Thread[]): Located[] {
  const changes = listChanges(bound.doc);
  const located = threads.map((thread): Located => {
    const range = locateAnchor(bound, thread.anchor, changes);
    return range ? { thread, ...range, orphaned: false } : { thread, from: -1, to: -1, orphaned: true };
  });
  return located.sort((a, b) =>
    Number(a.orphaned) - Number(b.orphaned) || a.from - b.from || a.thread.createdAt - b.thread.createdAt);
}

// Conversions between ProseMirror JSON (validated against the schema) and the Yjs document
// the rooms hold: the content lives in the Y.XmlFragment named 'prosemirror' (y-prosemirror).
import type { Node as PMNode } from 'prosemirror-model';
import * as Y from 'yjs';
import { prosemirrorJSONToYDoc, updateYFragment, yXmlFragmentToProsemirrorJSON } from 'y-prosemirror';
import { schema } from '../shared/schema';

export const FRAGMENT = 'prosemirror';

/** Thrown when JSON is not a document of the schema. */
export class InvalidContentError extends Error {}

/** Parses and checks ProseMirror JSON against the schema. */
export function parseContent(json: unknown): PMNode {
  if (typeof json !== 'object' || json === null || (json as { type?: unknown }).type !== 'doc') {
    throw new InvalidContentError('content must be a ProseMirror document ({"type": "doc", ...})');
  }
  try {
    const doc = schema.nodeFromJSON(json);
    doc.check();
    return doc;
  } catch (err) {
    throw new InvalidContentError(`invalid content: ${(err as Error).message}`);
  }
}

/** The Yjs state (one update) of a document holding `json`. */
export function contentToState(json: unknown): Uint8Array {
  const doc = prosemirrorJSONToYDoc(schema, parseContent(json).toJSON(), FRAGMENT);
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}

/** The ProseMirror JSON of a Y.Doc's content. */
export function docToContent(doc: Y.Doc): Record<string, unknown> {
  const json = yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(FRAGMENT));
  return { ...json, content: json.content ?? [] };
}

/** The ProseMirror JSON of a stored Yjs state. */
export function stateToContent(state: Uint8Array): Record<string, unknown> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const json = docToContent(doc);
  doc.destroy();
  return json;
}

/**
 * Makes the live document's content equal to `json` with ordinary Yjs changes (a diff through
 * y-prosemirror), so connected clients receive them and a Y.UndoManager can undo them.
 */
export function replaceContent(doc: Y.Doc, json: unknown, origin: unknown): void {
  const node = parseContent(json);
  const y = { transact: (f: (tr: Y.Transaction) => void) => doc.transact(f, origin) };
  updateYFragment(y, doc.getXmlFragment(FRAGMENT), node, { mapping: new Map(), isOMark: new Map() });
}

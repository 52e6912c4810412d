// Reading a document from ProseMirror JSON text (what `draftroom import` prints), with one clear
// error for text that is not JSON or not a document of the schema.
import type { Node as PMNode } from 'prosemirror-model';
import { schema } from '../schema';

/** Parses `text` as a Draftroom document; `source` names it in error messages. */
export function docFromJSON(text: string, source = 'the input'): PMNode {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new SyntaxError(`${source} is not valid JSON (${(err as Error).message})`);
  }
  if (!json || typeof json !== 'object' || (json as { type?: unknown }).type !== 'doc') {
    throw new TypeError(`${source} is not a ProseMirror document: expected a JSON object with "type": "doc"`);
  }
  let doc: PMNode;
  try {
    doc = schema.nodeFromJSON(json);
    doc.check();
  } catch (err) {
    throw new TypeError(`${source} does not fit the Draftroom schema: ${(err as Error).message}`);
  }
  return doc;
}

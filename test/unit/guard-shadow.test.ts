// The guard's shadow copy (server/collab/guard.ts) is a second copy of the document in memory,
// kept so that the next structural check need not copy the document again. An accepted update that
// at least doubled the document (a document opened with its content, a client's offline edits) is
// not followed by a kept copy; an ordinary structural edit is. Either way every later verdict is the
// one a guard made afresh for that check gives.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorToYDoc } from 'y-prosemirror';
import { checkUpdate, UpdateGuard, type Writer } from '../../server/collab/guard';
import { schema } from '../../shared/schema';

const coordinator: Writer = { userId: 'u-bob', userName: 'Bob', role: 'coordinator' };
const observer: Writer = { userId: 'u-eve', userName: 'Eve', role: 'observer' };

const paragraph = (text: string) => schema.node('paragraph', null, text ? [schema.text(text)] : []);

/** The update that turns a copy of `doc` into one with `texts` appended as paragraphs. */
function appended(doc: Y.Doc, texts: string[]): Uint8Array {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(copy);
  const fragment = copy.getXmlFragment('prosemirror');
  fragment.insert(fragment.length, texts.map((text) => {
    const element = new Y.XmlElement('paragraph');
    element.insert(0, [new Y.XmlText(text)]);
    return element;
  }));
  return Y.encodeStateAsUpdate(copy, before);
}

describe('the guard\'s shadow copy', () => {
  it('is not kept after an update that doubled the document, and is kept after an ordinary structural edit', () => {
    const doc = prosemirrorToYDoc(schema.node('doc', null, [paragraph('Start')]), 'prosemirror');
    const guard = new UpdateGuard(doc, { listen: false });
    const judge = (update: Uint8Array, writer: Writer) => {
      const fresh = checkUpdate(doc, update, writer, undefined, { typing: false });
      const verdict = guard.check(update, writer);
      expect(verdict).toBe(fresh);
      if (!verdict) Y.applyUpdate(doc, update);
      return verdict;
    };
    try {
      // a document opened with its content: forty paragraphs into one
      const content = appended(doc, Array.from({ length: 40 }, (_, i) => `Paragraph ${i} of the content the document was opened with.`));
      expect(judge(content, coordinator)).toBeNull();
      expect(guard.holdsShadow).toBe(false);
      // one more paragraph: the copy is made again for the check, and kept
      expect(judge(appended(doc, ['One more.']), coordinator)).toBeNull();
      expect(guard.holdsShadow).toBe(true);
      // refused: no copy holding a refused update is kept, and the document is unchanged
      expect(judge(appended(doc, ['An observer line.']), observer)).toBe('observers cannot change the text');
      expect(guard.holdsShadow).toBe(false);
      expect(doc.getXmlFragment('prosemirror').toString()).not.toContain('observer');
      expect(judge(appended(doc, ['And another.']), coordinator)).toBeNull();
      expect(guard.holdsShadow).toBe(true);
      expect(doc.getXmlFragment('prosemirror').length).toBe(43);
    } finally {
      guard.destroy();
    }
  });
});

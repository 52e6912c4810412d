// collab/untracked.ts reads a transaction's edits in proportion to the edit, not the text: on
// random edits of two users, tracked and untracked, written by y-prosemirror into a Y.Doc, it
// says what the whole walk of every touched text (the reference below, its former code) says.
import fc from 'fast-check';
import { EditorState } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { updateYFragment } from 'y-prosemirror';
import { UntrackedEdits } from '../../server/collab/untracked';
import { setTrackMode, suggestChanges } from '../../shared/track';
import { alice, importedMarksDoc, res30Doc } from './track-doc';
import { formatOpArb, trackedStep } from './track-ops';

const REVISION = /^(insertion|deletion)(--.*)?$/;
const INSERTION = /^insertion(--.*)?$/;

type Attrs = Map<string, unknown>;

function apply(attrs: Attrs, format: Y.ContentFormat): void {
  if (format.value === null) attrs.delete(format.key);
  else attrs.set(format.key, format.value);
}

const has = (attrs: Attrs, key: RegExp): boolean => [...attrs.keys()].some((k) => key.test(k));

const existedBefore = (item: Y.Item, tr: Y.Transaction): boolean => item.id.clock < (tr.beforeState.get(item.id.client) ?? 0);

/** Whether `type` is inside the content fragment `root` (or is it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function inside(type: Y.AbstractType<any> | null, root: Y.XmlFragment): boolean {
  for (let t = type; t; t = (t._item?.parent as Y.AbstractType<any> | null) ?? null) if (t === root) return true;
  return false;
}

/** The untracked characters a transaction inserted and deleted in one text. */
function untrackedIn(text: Y.XmlText, tr: Y.Transaction, out: { inserted: string[]; deleted: string[] }): void {
  const before: Attrs = new Map(), after: Attrs = new Map();
  for (let item = text._start; item; item = item.right) {
    const old = existedBefore(item, tr);
    const deletedNow = item.deleted && Y.isDeleted(tr.deleteSet, item.id);
    if (item.content instanceof Y.ContentFormat) {
      if (old && (!item.deleted || deletedNow)) apply(before, item.content);
      if (!item.deleted) apply(after, item.content);
    } else if (item.content instanceof Y.ContentString) {
      if (!old && !item.deleted && !has(after, INSERTION)) out.inserted.push(item.content.str);
      if (old && deletedNow && !has(before, REVISION)) out.deleted.push(item.content.str);
    }
  }
}

/** The texts of the content that a transaction inserted or deleted text in. */
function touchedTexts(tr: Y.Transaction, root: Y.XmlFragment): Set<Y.XmlText> {
  const texts = new Set<Y.XmlText>();
  const note = (item: Y.Item) => {
    const parent = item.parent;
    if (item.content instanceof Y.ContentString && parent instanceof Y.XmlText && inside(parent, root)) texts.add(parent);
  };
  const store = tr.doc.store.clients;
  for (const [client, clock] of tr.afterState) {
    const from = tr.beforeState.get(client) ?? 0;
    if (clock <= from) continue;
    const structs = store.get(client)!;
    for (let i = Y.findIndexSS(structs, from); i < structs.length; i++) {
      const struct = structs[i];
      if (struct instanceof Y.Item) note(struct);
    }
  }
  Y.iterateDeletedStructs(tr, tr.deleteSet, (struct) => { if (struct instanceof Y.Item) note(struct); });
  return texts;
}

const sorted = (parts: string[]): string => [...parts.join('')].sort().join('');

/** Whether transaction `tr` edited the text of `root` without tracking it (see above). */
function reference(tr: Y.Transaction, root: Y.XmlFragment): boolean {
  const out = { inserted: [] as string[], deleted: [] as string[] };
  for (const text of touchedTexts(tr, root)) untrackedIn(text, tr, out);
  if (!out.inserted.length && !out.deleted.length) return false;
  return sorted(out.inserted) !== sorted(out.deleted);
}

const seedEnv = process.env.FC_SEED;
const RUNS = { numRuns: 150, ...(seedEnv === 'random' ? {} : { seed: seedEnv ? Number(seedEnv) : 20261206 }) };
const seen = { untracked: 0, tracked: 0 };

describe('the untracked-edit walk', () => {
  for (const [name, original] of [['a MOD text', res30Doc({ maxBlocks: 8, maxChars: 50 })], ['a text with agreed marks', importedMarksDoc()]] as const) {
    it(`agrees with the whole walk on ${name}`, () => {
      fc.assert(fc.property(fc.array(fc.record({ op: formatOpArb, tracked: fc.boolean() }), { minLength: 1, maxLength: 10 }), (edits) => {
        const ydoc = new Y.Doc();
        const fragment = ydoc.getXmlFragment('prosemirror');
        const meta = { mapping: new Map(), isOMark: new Map() };
        let state = EditorState.create({ doc: original, plugins: [suggestChanges(alice)] });
        ydoc.transact(() => updateYFragment(ydoc, fragment, state.doc, meta));
        const verdicts: [boolean, boolean][] = [];
        const reader = new UntrackedEdits(fragment);
        ydoc.on('afterTransaction', (tr: Y.Transaction) => verdicts.push([reader.read(tr), reference(tr, fragment)]));
        for (const { op, tracked } of edits) {
          let from = state;
          setTrackMode(tracked)(from, (tr) => { from = from.apply(tr); });
          const next = trackedStep(from, op);
          if (!next) continue;
          state = next;
          ydoc.transact(() => updateYFragment(ydoc, fragment, state.doc, meta));
        }
        for (const [fast, whole] of verdicts) {
          expect(fast).toBe(whole);
          seen[whole ? 'untracked' : 'tracked']++;
        }
      }), RUNS);
    });
  }

  it('saw both verdicts (not vacuous)', () => {
    expect(seen.untracked).toBeGreaterThan(50);
    expect(seen.tracked).toBeGreaterThan(50);
  });
});

// The update guard (server/collab/guard.ts) against random raw mutations of the XML fragment, as
// a hostile client could send them: elements, texts, raw values, attributes and marks added,
// changed or removed anywhere, some in the drafter's own name (often truthfully, so that a fair
// share are tracked changes). Each is judged with oracles independent of the guard's own code:
// - y-prosemirror's lenient reading (which deletes what it cannot convert) on a copy: an update
//   the guard accepts leaves a document it reads without deleting anything and that passes
//   `Node.check()`, equal to the strict reading; one it deletes from or fails is refused;
// - a drafter: accepted only if rejecting her open suggestions with the engine's `review` on the
//   whole document, before and after, gives equal documents, and every new revision mark or block
//   record names her with a current time;
// - an observer: always refused; a coordinator: refused only when the document is invalid.
import fc from 'fast-check';
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorToYDoc, yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import { checkUpdate, type Writer } from '../../server/collab/guard';
import { strictDoc } from '../../server/collab/strict-doc';
import { schema } from '../../shared/schema';
import { listChanges, review } from '../../shared/track';
import { alice, bob, editorState, importedMarksDoc } from './track-doc';

const seedEnv = process.env.FC_SEED;
const RUNS = { numRuns: 300, ...(seedEnv === 'random' ? {} : { seed: seedEnv ? Number(seedEnv) : 20261206 }) };
const NOW = Date.now();

/** The base: the imported-marks document with a suggestion of Alice's and one of Bob's in it. */
function baseDoc(): PMNode {
  let state = editorState(importedMarksDoc(), alice);
  const at = (phrase: string) => {
    let found = -1;
    state.doc.descendants((n, pos) => {
      if (found < 0 && n.isText && n.text!.includes(phrase)) found = pos + n.text!.indexOf(phrase);
      return found < 0;
    });
    return found;
  };
  state = state.apply(state.tr.insertText('alice adds ', at('Resolution')));
  const asBob = editorState(state.doc, bob);
  return asBob.apply(asBob.tr.delete(at('Plenipotentiary'), at('Plenipotentiary') + 4)).doc;
}

const BASE = Y.encodeStateAsUpdate(prosemirrorToYDoc(baseDoc(), 'prosemirror'));

const revision = (who: { id: string; name: string }, extra: Record<string, unknown> = {}) => ({
  id: `r-${Math.random().toString(36).slice(2)}`, author: who.id, authorName: who.name, time: NOW, status: 'suggested', ...extra,
});

/** Values a mutation may write: plausible, wrong-kinded and forged. */
const valueArb = fc.constantFrom<unknown>(
  'MOD', 'SUP', 'EUR/999', '', 0, 1, 2, -1, null, true, { x: 1 }, [1], 'alert(1)',
  [revision(alice, { kind: 'attribute', old: { level: 0 } })], [revision(bob, { kind: 'deletion' })], [],
  [revision(alice, { kind: 'deletion' })], [{ kind: 'insertion' }],
);
const keyArb = fc.constantFrom('level', 'action', 'ref', 'track', 'kind', 'number', 'align', 'colspan', 'onclick', 'name', 'heading');
const marksArb = fc.constantFrom<Record<string, unknown> | undefined>(
  undefined, {}, { insertion: revision(alice) }, { deletion: revision(alice) }, { insertion: revision(bob) },
  { insertion: revision(alice, { authorName: 'coordinator' }) }, { insertion: revision(alice, { time: 1e15 }) },
  { insertion: revision(alice, { status: 'agreed' }) }, { strong: {} }, { evilmark: {} }, { strong: true },
  { deletion: null }, { insertion: null }, { em: {} },
);
const nameArb = fc.constantFrom('paragraph', 'item', 'heading', 'reasons', 'proposal', 'table_cell', 'doc', 'text', 'script', 'number_line');

type Mutation =
  | { kind: 'attr'; at: number; key: string; value: unknown }
  | { kind: 'unattr'; at: number; key: string }
  | { kind: 'insertText'; at: number; offset: number; text: string; marks: Record<string, unknown> | undefined }
  | { kind: 'deleteText'; at: number; offset: number; length: number }
  | { kind: 'format'; at: number; offset: number; length: number; marks: Record<string, unknown> | undefined }
  | { kind: 'insertChild'; at: number; index: number; child: 'element' | 'text' | 'string' | 'ytext' | 'ymap'; name: string }
  | { kind: 'deleteChild'; at: number; index: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('attr' as const), at: fc.nat(), key: keyArb, value: valueArb }),
  fc.record({ kind: fc.constant('unattr' as const), at: fc.nat(), key: keyArb }),
  fc.record({ kind: fc.constant('insertText' as const), at: fc.nat(), offset: fc.nat(), text: fc.constantFrom('x', 'new words ', 'EVIL'), marks: marksArb }),
  fc.record({ kind: fc.constant('insertText' as const), at: fc.nat(), offset: fc.nat(), text: fc.constantFrom('mine ', 'z'), marks: fc.constant({ insertion: revision(alice) }) }),
  fc.record({ kind: fc.constant('deleteText' as const), at: fc.nat(), offset: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('format' as const), at: fc.nat(), offset: fc.nat(), length: fc.integer({ min: 1, max: 8 }), marks: marksArb }),
  fc.record({ kind: fc.constant('format' as const), at: fc.nat(), offset: fc.nat(), length: fc.integer({ min: 1, max: 8 }), marks: fc.constant({ deletion: revision(alice) }) }),
  fc.record({ kind: fc.constant('insertChild' as const), at: fc.nat(), index: fc.nat(), child: fc.constantFrom('element', 'text', 'string', 'ytext', 'ymap'), name: nameArb }),
  fc.record({ kind: fc.constant('deleteChild' as const), at: fc.nat(), index: fc.nat() }),
);

/** Applies the mutations to `doc` (indexes taken modulo what exists). */
function mutate(doc: Y.Doc, mutations: Mutation[]): void {
  const fragment = doc.getXmlFragment('prosemirror');
  for (const m of mutations) {
    const elements: Y.XmlElement[] = [], texts: Y.XmlText[] = [];
    const walk = (parent: Y.XmlElement | Y.XmlFragment): void => {
      for (const child of parent.toArray()) {
        if (child instanceof Y.XmlElement) { elements.push(child); walk(child); }
        else if (child instanceof Y.XmlText) texts.push(child);
      }
    };
    walk(fragment);
    const containers: (Y.XmlElement | Y.XmlFragment)[] = [fragment, ...elements];
    const element = elements[m.at % elements.length];
    const text = texts[m.at % texts.length];
    if ((m.kind === 'attr' || m.kind === 'unattr') && !element) continue;
    if ((m.kind === 'insertText' || m.kind === 'deleteText' || m.kind === 'format') && !text) continue;
    switch (m.kind) {
      case 'attr': element.setAttribute(m.key, m.value as string); break;
      case 'unattr': element.removeAttribute(m.key); break;
      case 'insertText': text.insert(m.offset % (text.length + 1), m.text, m.marks as Record<string, unknown>); break;
      case 'deleteText': if (text.length) { const from = m.offset % text.length; text.delete(from, Math.min(m.length, text.length - from)); } break;
      case 'format': if (text.length) { const from = m.offset % text.length; text.format(from, Math.min(m.length, text.length - from), m.marks ?? {}); } break;
      case 'insertChild': {
        const parent = containers[m.at % containers.length];
        const child = m.child === 'element' ? new Y.XmlElement(m.name) : m.child === 'text' ? new Y.XmlText('EVIL') : m.child === 'ytext' ? new Y.Text('EVIL') : m.child === 'ymap' ? new Y.Map() : 'EVIL';
        parent.insert(m.index % (parent.length + 1), [child as Y.XmlElement]);
        break;
      }
      case 'deleteChild': {
        const parent = containers[m.at % containers.length];
        if (parent.length) parent.delete(m.index % parent.length, 1);
        break;
      }
    }
  }
}

/** y-prosemirror's lenient reading of a state: the document, or null when it deleted something or the result fails its check. */
function lenient(state: Uint8Array): PMNode | null {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, state);
  let mutated = false;
  copy.on('update', () => { mutated = true; });
  try {
    const node = yXmlFragmentToProseMirrorRootNode(copy.getXmlFragment('prosemirror'), schema);
    node.check();
    return mutated ? null : node;
  } catch {
    return null;
  }
}

/** `doc` with every open suggestion of `userId` rejected by the engine, in an editor state. */
function withdrawn(doc: PMNode, userId: string): PMNode {
  const state = EditorState.create({ doc });
  const ids = listChanges(doc).filter((c) => c.author === userId && c.status === 'suggested').map((c) => c.id);
  return ids.length ? state.apply(review(state, ids, 'reject')).doc : doc;
}

/** Every revision mark and block record of `doc`, as comparable strings. */
function records(doc: PMNode): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  const add = (kind: string, r: Record<string, unknown>) => out.set(JSON.stringify([kind, r.id, r.author, r.authorName, r.time, r.status]), r);
  doc.descendants((node) => {
    for (const mark of node.marks) if ('author' in mark.attrs) add(mark.type.name, mark.attrs);
    for (const r of (node.attrs.track ?? []) as Record<string, unknown>[]) add(`block ${String(r.kind)}`, r);
    return true;
  });
  return out;
}

const json = (doc: PMNode) => JSON.stringify(doc.toJSON()).replace(/"track":\[\]/g, '"track":null').replace(/,"whole":(true|false)/g, '');

/** The update the mutations make on the base, and the state after it. */
function attempt(mutations: Mutation[]): { update: Uint8Array; after: Uint8Array } | null {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, BASE);
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  mutate(doc, mutations);
  if (!updates.length) return null;
  return { update: Y.mergeUpdates(updates), after: Y.encodeStateAsUpdate(doc) };
}

function verdict(update: Uint8Array, writer: Writer): string | null {
  const server = new Y.Doc();
  Y.applyUpdate(server, BASE);
  return checkUpdate(server, update, writer, NOW);
}

const drafter: Writer = { userId: alice.id, userName: alice.name, role: 'drafter' };
const mutationsArb = fc.array(mutationArb, { minLength: 1, maxLength: 3 });

describe('random raw mutations of the fragment', () => {
  const before = lenient(BASE)!;

  it('from a drafter: refused whole, or a valid document that is exactly a tracked change by her', () => {
    let accepted = 0, tried = 0;
    fc.assert(fc.property(mutationsArb, (mutations) => {
      const made = attempt(mutations);
      if (!made) return;
      tried++;
      const refusal = verdict(made.update, drafter);
      const after = lenient(made.after);
      if (!after) expect(refusal, 'an invalid document').not.toBeNull();
      if (refusal) return;
      accepted++;
      expect(after, 'accepted, so valid').not.toBeNull();
      expect(json(strictDoc(docOf(made.after)))).toBe(JSON.stringify(after!.toJSON()).replace(/"track":\[\]/g, '"track":null').replace(/,"whole":(true|false)/g, ''));
      expect(json(withdrawn(after!, alice.id)), 'withdrawing her suggestions gives the same document').toBe(json(withdrawn(before, alice.id)));
      const known = records(before);
      for (const [key, r] of records(after!)) {
        if (known.has(key)) continue;
        expect(r, 'a new record names her, now').toMatchObject({ author: alice.id, authorName: alice.name });
        expect(Math.abs((r.time as number) - NOW)).toBeLessThanOrEqual(60_000);
      }
    }), RUNS);
    // the property is not vacuous: a fair share of the attempts were tracked changes
    expect(accepted).toBeGreaterThan(tried / 20);
    expect(tried - accepted).toBeGreaterThan(tried / 4);
  });

  it('from an observer: always refused', () => {
    fc.assert(fc.property(mutationsArb, (mutations) => {
      const made = attempt(mutations);
      if (made) expect(verdict(made.update, { userId: 'u-olga', userName: 'Olga', role: 'observer' })).not.toBeNull();
    }), { ...RUNS, numRuns: 100 });
  });

  it('from a coordinator: refused only when the document would be invalid, and then always', () => {
    let refusedCount = 0;
    fc.assert(fc.property(mutationsArb, (mutations) => {
      const made = attempt(mutations);
      if (!made) return;
      const refusal = verdict(made.update, { userId: 'u-carla', userName: 'Carla', role: 'coordinator' });
      let strictError: string | null = null;
      try {
        strictDoc(docOf(made.after));
      } catch (err) {
        strictError = (err as Error).message;
      }
      expect(refusal).toBe(strictError === null ? null : `invalid document: ${strictError}`);
      if (!lenient(made.after)) expect(refusal).not.toBeNull();
      if (refusal) refusedCount++;
    }), RUNS);
    expect(refusedCount).toBeGreaterThan(10);
  });
});

/** The content fragment of a state. */
function docOf(state: Uint8Array): Y.XmlFragment {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc.getXmlFragment('prosemirror');
}

// The server's check of drafters' and observers' updates (server/collab/guard.ts) on the demo
// built from the real fixtures (the in-force Resolution 30): edits made by the real track engine
// and written by y-prosemirror pass, whatever they are; untracked ones and reviews are refused.
import fc from 'fast-check';
import { EditorState, TextSelection, type Transaction } from 'prosemirror-state';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { updateYFragment, yXmlFragmentToProsemirrorJSON } from 'y-prosemirror';
import { checkUpdate, untrackedContent, UpdateGuard } from '../../server/collab/guard';
import { contentToState } from '../../server/content';
import { fixtureDemo } from '../../server/demo';
import type { Role } from '../../server/auth/roles';
import { schema } from '../../shared/schema';
import { listChanges, review, suggestChanges } from '../../shared/track';

const DRAFTER = { id: 'u-drafter', name: 'Drafter' };
const OTHER = { id: 'u-other', name: 'Other' };
let demoState: Uint8Array;

beforeAll(async () => {
  demoState = contentToState(await fixtureDemo());
});

function serverDoc(): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, demoState);
  return doc;
}

/** The Yjs update a client holding `doc`'s state sends for a ProseMirror edit (tracked as `user`, or not). */
function updateFor(doc: Y.Doc, user: { id: string; name: string } | null, change: (state: EditorState) => Transaction): Uint8Array {
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
  const fragment = client.getXmlFragment('prosemirror');
  const state = EditorState.create({
    doc: schema.nodeFromJSON(yXmlFragmentToProsemirrorJSON(fragment)), plugins: user ? [suggestChanges(user)] : [],
  });
  const updates: Uint8Array[] = [];
  client.on('update', (u: Uint8Array) => updates.push(u));
  updateYFragment(client, fragment, state.applyTransaction(change(state)).state.doc, { mapping: new Map(), isOMark: new Map() });
  client.destroy();
  return Y.mergeUpdates(updates);
}

const as = (role: Role, user = DRAFTER) => ({ userId: user.id, role });

/** Text positions inside the MOD's resolution text (the first proposal), to edit at random. */
function textPositions(doc: Y.Doc): number[] {
  const pm = schema.nodeFromJSON(yXmlFragmentToProsemirrorJSON(doc.getXmlFragment('prosemirror')));
  const positions: number[] = [];
  pm.descendants((node, pos) => {
    if (node.isText && positions.length < 4000) for (let i = 0; i < node.text!.length; i++) positions.push(pos + i);
    return true;
  });
  return positions;
}

describe('the drafter check', () => {
  it('lets tracked typing, deleting, splitting and withdrawing one\'s suggestion through', () => {
    const doc = serverDoc();
    const positions = textPositions(doc);
    const at = positions[600];
    const steps: ((state: EditorState) => Transaction)[] = [
      (state) => state.tr.insertText('new words ', at),
      (state) => state.tr.delete(positions[900], positions[960]),
      (state) => state.tr.setSelection(TextSelection.create(state.doc, positions[1200])).split(positions[1200]),
      (state) => state.tr.delete(at, at + 'new words '.length), // withdraws the suggestion
    ];
    for (const step of steps) {
      const update = updateFor(doc, DRAFTER, step);
      expect(checkUpdate(doc, update, as('drafter'))).toBeNull();
      Y.applyUpdate(doc, update);
    }
    const json = JSON.stringify(yXmlFragmentToProsemirrorJSON(doc.getXmlFragment('prosemirror')));
    expect(json).toContain('"type":"deletion"');
    expect(json).not.toContain('new words');
  });

  it('never refuses a random sequence of tracked edits', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.boolean(), fc.nat(), fc.integer({ min: 1, max: 30 }), fc.string({ minLength: 1, maxLength: 8 })), { minLength: 1, maxLength: 6 }),
      (edits) => {
        const doc = serverDoc();
        for (const [insert, n, length, text] of edits) {
          const positions = textPositions(doc);
          const from = positions[n % positions.length];
          const update = updateFor(doc, DRAFTER, (state) => (insert ? state.tr.insertText(text, from) : state.tr.delete(from, Math.min(from + length, positions[positions.length - 1]))));
          expect(checkUpdate(doc, update, as('drafter'))).toBeNull();
          Y.applyUpdate(doc, update);
        }
      },
    ), { numRuns: 15 });
  });

  it('refuses untracked inserts and deletes, forged insertions and reviews of others\' changes', () => {
    const doc = serverDoc();
    const at = textPositions(doc)[700];
    Y.applyUpdate(doc, updateFor(doc, OTHER, (state) => state.tr.insertText('their text ', at)));
    const refused: [string, { id: string; name: string } | null, (state: EditorState) => Transaction][] = [
      ['untracked insert', null, (state) => state.tr.insertText('x', at)],
      ['untracked delete', null, (state) => state.tr.delete(at + 20, at + 21)],
      ['insertion in another\'s name', OTHER, (state) => state.tr.insertText('forged ', at)],
      ['reject another\'s insertion', DRAFTER, (state) => review(state, listChanges(state.doc).map((c) => c.id), 'reject')],
      ['accept another\'s insertion', DRAFTER, (state) => review(state, listChanges(state.doc).map((c) => c.id), 'accept')],
      ['agree to another\'s insertion', DRAFTER, (state) => review(state, listChanges(state.doc).map((c) => c.id), 'agree')],
    ];
    const before = untrackedContent(doc, DRAFTER.id);
    for (const [what, user, change] of refused) {
      const update = updateFor(doc, user, change);
      expect(checkUpdate(doc, update, as('drafter')), what).toMatch(/track mode only/);
      expect(checkUpdate(doc, update, as('coordinator')), what).toBeNull();
    }
    expect(untrackedContent(doc, DRAFTER.id)).toBe(before); // the checks left the doc alone
  });

  it('lets drafters agree to nothing but still reject their own suggestions', () => {
    const doc = serverDoc();
    const at = textPositions(doc)[100];
    Y.applyUpdate(doc, updateFor(doc, DRAFTER, (state) => state.tr.insertText('mine ', at)));
    const own = (state: EditorState) => listChanges(state.doc).filter((c) => c.author === DRAFTER.id).map((c) => c.id);
    expect(checkUpdate(doc, updateFor(doc, DRAFTER, (state) => review(state, own(state), 'reject')), as('drafter'))).toBeNull();
    expect(checkUpdate(doc, updateFor(doc, DRAFTER, (state) => review(state, own(state), 'agree')), as('drafter'))).toMatch(/track mode only/);
  });
});

describe('a room\'s guard over time', () => {
  it('follows the doc through others\' edits and recovers from a refusal', () => {
    const doc = serverDoc();
    const guard = new UpdateGuard(doc);
    const positions = () => textPositions(doc);
    const admit = (user: typeof DRAFTER | null, change: (state: EditorState) => Transaction, role: Role = 'drafter') => {
      const update = updateFor(doc, user, change);
      const verdict = guard.check(update, as(role));
      if (!verdict) Y.applyUpdate(doc, update);
      return verdict;
    };
    expect(admit(DRAFTER, (state) => state.tr.insertText('one ', positions()[50]))).toBeNull();
    expect(admit(null, (state) => state.tr.delete(positions()[300], positions()[320]), 'coordinator')).toBeNull();
    expect(admit(null, (state) => state.tr.insertText('untracked', positions()[400]))).toMatch(/track mode only/);
    expect(admit(DRAFTER, (state) => state.tr.delete(positions()[500], positions()[510]))).toBeNull();
    expect(admit(OTHER, (state) => state.tr.insertText('forged', positions()[600]))).toMatch(/track mode only/);
    expect(admit(DRAFTER, (state) => state.tr.insertText('two ', positions()[700]))).toBeNull();
    const text = JSON.stringify(yXmlFragmentToProsemirrorJSON(doc.getXmlFragment('prosemirror')));
    expect(text).toContain('one ');
    expect(text).toContain('two ');
    expect(text).not.toContain('untracked');
    expect(text).not.toContain('forged');
    guard.destroy();
  });
});

describe('the observer check', () => {
  it('refuses any change to the text, tracked or not, and lets other shared types through', () => {
    const doc = serverDoc();
    const at = textPositions(doc)[10];
    expect(checkUpdate(doc, updateFor(doc, DRAFTER, (state) => state.tr.insertText('x', at)), as('observer'))).toBe('observers cannot change the text');
    expect(checkUpdate(doc, updateFor(doc, null, (state) => state.tr.delete(at, at + 1)), as('observer'))).toBe('observers cannot change the text');
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
    const updates: Uint8Array[] = [];
    client.on('update', (u: Uint8Array) => updates.push(u));
    client.getMap('comments').set('c1', { text: 'Why?' });
    expect(checkUpdate(doc, updates[0], as('observer'))).toBeNull();
    expect(checkUpdate(doc, Y.encodeStateAsUpdate(new Y.Doc()), as('observer'))).toBeNull(); // an empty sync step 2
  });

  it('refuses an update that waits for changes the server does not have', () => {
    const doc = serverDoc();
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
    const updates: Uint8Array[] = [];
    client.on('update', (u: Uint8Array) => updates.push(u));
    client.getMap('comments').set('a', 1);
    client.getMap('comments').set('b', 2);
    expect(checkUpdate(doc, updates[1], as('observer'))).toMatch(/depends on changes/);
  });
});

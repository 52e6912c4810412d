// The server's check of drafters' and observers' updates (server/collab/guard.ts) on the demo
// built from the real fixtures (the in-force Resolution 30): edits made by the real track engine
// and written by y-prosemirror pass, whatever they are; untracked ones and reviews are refused.
import fc from 'fast-check';
import type { Node as PMNode } from 'prosemirror-model';
import { joinBackward, splitBlock } from 'prosemirror-commands';
import { EditorState, TextSelection, type Command, type Transaction } from 'prosemirror-state';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { updateYFragment, yXmlFragmentToProsemirrorJSON } from 'y-prosemirror';
import { checkUpdate, UpdateGuard } from '../../server/collab/guard';
import { createThread } from '../../shared/comments/model';
import { contentToState } from '../../server/content';
import { demoDocument } from '../../server/demo';
import type { Role } from '../../server/auth/roles';
import { setProposalAction, updateProposal } from '../../shared/model/proposals';
import { schema, type BlockRevision } from '../../shared/schema';
import { listChanges, review, suggestChanges } from '../../shared/track';

const DRAFTER = { id: 'u-drafter', name: 'Drafter' };
const OTHER = { id: 'u-other', name: 'Other' };
const ANNA = { id: 'u-anna', name: 'Anna' };
let demoState: Uint8Array;

beforeAll(async () => {
  demoState = contentToState(await demoDocument());
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

const as = (role: Role, user = DRAFTER) => ({ userId: user.id, userName: user.name, role });
/** The document's content as JSON (to see that checks leave the doc alone). */
const contentOf = (doc: Y.Doc): string => JSON.stringify(yXmlFragmentToProsemirrorJSON(doc.getXmlFragment('prosemirror')));

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
    const before = contentOf(doc);
    for (const [what, user, change] of refused) {
      const update = updateFor(doc, user, change);
      expect(checkUpdate(doc, update, as('drafter')), what).toMatch(/track mode only/);
      expect(checkUpdate(doc, update, as('coordinator')), what).toBeNull();
    }
    expect(contentOf(doc)).toBe(before); // the checks left the doc alone
  });

  it('lets tracked typing inside a footnote through, listed and withdrawable like any change', () => {
    const doc = serverDoc();
    const inFootnote = (state: EditorState) => {
      const pos = nodePos(state.doc, 'footnote');
      return pos + state.doc.nodeAt(pos)!.nodeSize - 1;
    };
    const typed = updateFor(doc, DRAFTER, (state) => state.tr.insertText(' (see Resolution 11)', inFootnote(state)));
    expect(checkUpdate(doc, typed, as('drafter'))).toBeNull();
    Y.applyUpdate(doc, typed);
    const own = (state: EditorState) => listChanges(state.doc).filter((c) => c.author === DRAFTER.id);
    const client = EditorState.create({ doc: schema.nodeFromJSON(yXmlFragmentToProsemirrorJSON(doc.getXmlFragment('prosemirror'))) });
    expect(own(client).map((c) => c.text)).toEqual([' (see Resolution 11)']);
    const withdrawn = updateFor(doc, DRAFTER, (state) => review(state, own(state).map((c) => c.id), 'reject'));
    expect(checkUpdate(doc, withdrawn, as('drafter'))).toBeNull();
    Y.applyUpdate(doc, withdrawn);
    expect(contentOf(doc)).not.toContain('see Resolution 11');
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
    const observer = { id: 'u-observer', name: 'Observer' };
    createThread(client, { anchor: { changeId: 'c', quote: 'q' }, author: observer, text: 'Why?' });
    expect(checkUpdate(doc, updates[0], as('observer', observer))).toBeNull();
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

/** The position of the `index`th node of type `name` in `doc`. */
function nodePos(doc: PMNode, name: string, index = 0): number {
  let found = -1, seen = 0;
  doc.descendants((node, pos) => {
    if (found >= 0) return false;
    if (node.type.name === name && seen++ === index) found = pos;
    return true;
  });
  if (found < 0) throw new Error(`no ${name} #${index}`);
  return found;
}

/** A transaction running `command` with the cursor at `pos` (inside a textblock). */
function commandAt(pos: number, command: Command) {
  return (state: EditorState): Transaction => {
    const placed = state.apply(state.tr.setSelection(TextSelection.create(state.doc, pos)));
    let result: Transaction | null = null;
    command(placed, (tr) => { result = tr; });
    if (!result) throw new Error('the command does not apply here');
    // the same steps on `state` (the selection move is no change of the document)
    const tr = state.tr;
    for (const step of (result as Transaction).steps) tr.step(step);
    return tr;
  };
}

const records = (doc: Y.Doc, name: string, index = 0): BlockRevision[] => {
  const pm = schema.nodeFromJSON(yXmlFragmentToProsemirrorJSON(doc.getXmlFragment('prosemirror')));
  return (pm.nodeAt(nodePos(pm, name, index))!.attrs.track ?? []) as BlockRevision[];
};

/** The demo with Anna's tracked edits of the first body paragraph: a new alignment and the deletion of its paragraph mark. */
function docWithAnnasRecords(): Y.Doc {
  const doc = serverDoc();
  Y.applyUpdate(doc, updateFor(doc, ANNA, (state) => state.tr.setNodeAttribute(nodePos(state.doc, 'paragraph'), 'align', 'center')));
  Y.applyUpdate(doc, updateFor(doc, ANNA, (state) => {
    const pos = nodePos(state.doc, 'paragraph'), end = pos + state.doc.nodeAt(pos)!.nodeSize;
    return state.tr.delete(end - 1, end + 1);
  }));
  expect(records(doc, 'paragraph').map((r) => `${r.author} ${r.kind}`)).toEqual(['u-anna attribute', 'u-anna deletion']);
  return doc;
}

describe('the drafter check of blocks', () => {
  it('refuses untracked attribute changes and changes of others\' block records', () => {
    const doc = docWithAnnasRecords();
    const annas = (state: EditorState) => state.doc.nodeAt(nodePos(state.doc, 'paragraph'))!.attrs.track as BlockRevision[];
    const setTrack = (state: EditorState, track: BlockRevision[] | null) => state.tr.setNodeAttribute(nodePos(state.doc, 'paragraph'), 'track', track);
    const refused: [string, { id: string; name: string } | null, (state: EditorState) => Transaction, RegExp][] = [
      ['action MOD -> SUP', null, (state) => state.tr.setNodeAttribute(nodePos(state.doc, 'proposal'), 'action', 'SUP'), /track mode only/],
      ['a new ref', null, (state) => state.tr.setNodeAttribute(nodePos(state.doc, 'proposal'), 'ref', 'EUR/XXA1/9'), /track mode only/],
      ['an item\'s level', null, (state) => state.tr.setNodeAttribute(nodePos(state.doc, 'item', 3), 'level', 1), /track mode only/],
      ['a resolution\'s number', null, (state) => state.tr.setNodeAttribute(nodePos(state.doc, 'resolution'), 'number', '31'), /track mode only/],
      ['Anna\'s attribute record removed', null, (state) => setTrack(state, annas(state).filter((r) => r.kind !== 'attribute')), /track mode only/],
      ['Anna\'s paragraph-mark deletion removed', null, (state) => setTrack(state, annas(state).filter((r) => r.kind !== 'deletion')), /track mode only/],
      ['Anna\'s records agreed by hand', null, (state) => setTrack(state, annas(state).map((r) => ({ ...r, status: 'agreed' as const }))), /track mode only/],
      ['Anna\'s records agreed by review', DRAFTER, (state) => review(state, annas(state).map((r) => r.id), 'agree'), /track mode only/],
      ['Anna\'s alignment rejected', DRAFTER, (state) => review(state, annas(state).filter((r) => r.kind === 'attribute').map((r) => r.id), 'reject'), /track mode only/],
      ['a record of Anna\'s changed', null, (state) => setTrack(state, annas(state).map((r) => (r.kind === 'attribute' ? { ...r, old: { align: 'right' } } : r))), /track mode only/],
    ];
    for (const [what, user, change, reason] of refused) {
      const update = updateFor(doc, user, change);
      expect(checkUpdate(doc, update, as('drafter')), what).toMatch(/^drafters edit in track mode only/);
      expect(checkUpdate(doc, update, as('drafter')), what).toMatch(reason);
      expect(checkUpdate(doc, update, as('coordinator')), what).toBeNull();
    }
  });

  it('judges malformed block records without throwing', () => {
    const doc = docWithAnnasRecords();
    /** The update of a raw edit of the first element named `name`, made on a copy of `doc`. */
    const updateOf = (name: string, edit: (el: Y.XmlElement) => void) => {
      const client = new Y.Doc();
      Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
      const el = client.getXmlFragment('prosemirror').createTreeWalker((t) => t instanceof Y.XmlElement && t.nodeName === name).next().value as Y.XmlElement;
      const updates: Uint8Array[] = [];
      client.on('update', (u: Uint8Array) => updates.push(u));
      edit(el);
      return Y.mergeUpdates(updates);
    };
    for (const role of ['drafter', 'coordinator'] as const) {
      expect(checkUpdate(doc, updateOf('paragraph', (el) => el.setAttribute('track', 'garbage' as never)), as(role))).toMatch(/^invalid document: .*track/);
      expect(checkUpdate(doc, updateOf('item', (el) => el.setAttribute('track', [null, 7, { author: DRAFTER.id, status: 'suggested', kind: 'attribute', old: 'x' }] as never)), as(role))).toMatch(/^invalid document: .*track record/);
      expect(checkUpdate(doc, updateOf('item', (el) => el.setAttribute('level', { nested: [1] } as never)), as(role))).toMatch(/^invalid document: .*level/);
    }
  });

  it('lets tracked attribute changes through, and changing them back', () => {
    const doc = docWithAnnasRecords();
    const inProposal = (state: EditorState) => nodePos(state.doc, 'item') + 3;
    const steps: [string, (state: EditorState) => Transaction][] = [
      ['action MOD -> SUP from the action menu', (state) => commandAt(inProposal(state), setProposalAction('SUP'))(state)],
      ['a new ref', (state) => commandAt(inProposal(state), updateProposal(nodePos(state.doc, 'proposal'), { ref: 'EUR/XXA1/9' }))(state)],
      ['an item\'s level', (state) => state.tr.setNodeAttribute(nodePos(state.doc, 'item', 3), 'level', 1)],
      ['the alignment Anna changed', (state) => state.tr.setNodeAttribute(nodePos(state.doc, 'paragraph'), 'align', 'right')],
      ['SUP -> ADD', (state) => commandAt(inProposal(state), setProposalAction('ADD'))(state)],
      ['back to MOD', (state) => commandAt(inProposal(state), setProposalAction('MOD'))(state)],
    ];
    for (const [what, step] of steps) {
      const update = updateFor(doc, DRAFTER, step);
      expect(checkUpdate(doc, update, as('drafter')), what).toBeNull();
      Y.applyUpdate(doc, update);
    }
    const own = records(doc, 'proposal').filter((r) => r.author === DRAFTER.id);
    expect(own).toEqual([expect.objectContaining({ kind: 'attribute', old: expect.objectContaining({ action: 'MOD', ref: 'EUR/XXA1/1' }) })]);
    expect(records(doc, 'paragraph').map((r) => `${r.author} ${r.kind}`)).toEqual(['u-anna attribute', 'u-anna deletion', 'u-drafter attribute']);
    // with her own record in place, a change recorded as from MOD is hers whichever way it was
    // written; one that rewrites what her record says it was is not
    const recorded = updateFor(doc, null, (state) => state.tr.setNodeAttribute(nodePos(state.doc, 'proposal'), 'action', 'NOC'));
    expect(checkUpdate(doc, recorded, as('drafter'))).toBeNull();
    const rewritten = updateFor(doc, null, (state) => {
      const pos = nodePos(state.doc, 'proposal'), node = state.doc.nodeAt(pos)!;
      const track = (node.attrs.track as BlockRevision[]).map((r) => ({ ...r, old: { ...r.old, action: 'SUP' } }));
      return state.tr.setNodeMarkup(pos, undefined, { ...node.attrs, action: 'NOC', track });
    });
    expect(checkUpdate(doc, rewritten, as('drafter'))).toMatch(/track mode only/);
  });

  it('keeps a drafter\'s own block record once agreed, like another\'s', () => {
    const doc = serverDoc();
    Y.applyUpdate(doc, updateFor(doc, DRAFTER, (state) => state.tr.setNodeAttribute(nodePos(state.doc, 'paragraph'), 'align', 'center')));
    const ids = (state: EditorState) => listChanges(state.doc).map((c) => c.id);
    Y.applyUpdate(doc, updateFor(doc, null, (state) => review(state, ids(state), 'agree'))); // by a coordinator
    expect(records(doc, 'paragraph')).toEqual([expect.objectContaining({ author: DRAFTER.id, status: 'agreed' })]);
    const dropped = updateFor(doc, null, (state) => state.tr.setNodeAttribute(nodePos(state.doc, 'paragraph'), 'track', null));
    expect(checkUpdate(doc, dropped, as('drafter'))).toMatch(/track mode only/);
    expect(checkUpdate(doc, updateFor(doc, DRAFTER, (state) => review(state, ids(state), 'reject')), as('drafter'))).toMatch(/track mode only/);
  });

  it('refuses rewriting what one\'s own attribute record says the block was', () => {
    const doc = serverDoc();
    const inProposal = (state: EditorState) => nodePos(state.doc, 'item') + 3;
    Y.applyUpdate(doc, updateFor(doc, DRAFTER, (state) => commandAt(inProposal(state), setProposalAction('SUP'))(state)));
    expect(records(doc, 'proposal')).toEqual([expect.objectContaining({ author: DRAFTER.id, old: expect.objectContaining({ action: 'MOD' }) })]);
    // SUP -> ADD, her record now saying the proposal was SUP (rejecting it would give SUP, not MOD)
    const rewrite = (keepId: boolean) => updateFor(doc, null, (state) => {
      const pos = nodePos(state.doc, 'proposal'), node = state.doc.nodeAt(pos)!;
      const own = (node.attrs.track as BlockRevision[])[0];
      return state.tr.setNodeMarkup(pos, undefined, { ...node.attrs, action: 'ADD', track: [{ ...own, id: keepId ? own.id : 'new', old: { ...own.old, action: 'SUP' } }] });
    });
    expect(checkUpdate(doc, rewrite(true), as('drafter'))).toMatch(/track mode only/);
    expect(checkUpdate(doc, rewrite(false), as('drafter'))).toMatch(/track mode only/);
    expect(checkUpdate(doc, updateFor(doc, DRAFTER, (state) => commandAt(inProposal(state), setProposalAction('ADD'))(state)), as('drafter'))).toBeNull();
  });

  it('lets Enter, Backspace and withdrawing one\'s own suggestions through in blocks with others\' records', () => {
    const doc = docWithAnnasRecords();
    const middle = (state: EditorState) => nodePos(state.doc, 'paragraph') + 10;
    const second = (state: EditorState) => nodePos(state.doc, 'paragraph', 1) + 1;
    const own = (state: EditorState) => listChanges(state.doc).filter((c) => c.author === DRAFTER.id).map((c) => c.id);
    const steps: [string, (state: EditorState) => Transaction][] = [
      ['Enter in Anna\'s paragraph', (state) => commandAt(middle(state), splitBlock)(state)],
      ['Backspace at the start of the second half (takes the split back)', (state) => commandAt(second(state), joinBackward)(state)],
      ['Enter again', (state) => commandAt(middle(state), splitBlock)(state)],
      ['an own alignment', (state) => state.tr.setNodeAttribute(nodePos(state.doc, 'paragraph'), 'align', 'right')],
      ['rejecting her own suggestions', (state) => review(state, own(state), 'reject')],
      ['Backspace at the start of the next block (joins into Anna\'s)', (state) => commandAt(nodePos(state.doc, 'call_heading') + 1, joinBackward)(state)],
    ];
    for (const [what, step] of steps) {
      const update = updateFor(doc, DRAFTER, step);
      expect(checkUpdate(doc, update, as('drafter')), what).toBeNull();
      Y.applyUpdate(doc, update);
    }
    const annas = records(doc, 'paragraph').filter((r) => r.author === ANNA.id).map((r) => r.kind);
    expect(annas).toEqual(['attribute', 'deletion']);
  });
});

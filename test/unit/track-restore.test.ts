// Restoring a saved version as tracked changes (shared/track/restore.ts) on the real Resolution 133
// proposal: rejecting the restore's changes gives the current document back exactly, accepting
// them gives the version's text and blocks, and each difference is one small change by the restorer.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState, TextSelection } from 'prosemirror-state';
import { Transform } from 'prosemirror-transform';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { importDocument } from '../../shared/import';
import { schema } from '../../shared/schema';
import { listChanges, suggestChanges, type TrackUser } from '../../shared/track';
import { applyReview } from '../../shared/track/review';
import { trackedRestore, type TrackedRestore } from '../../shared/track/restore';
import { bob, posOf, res30Doc, stripRevisions } from './track-doc';

const coordinator: TrackUser = { id: 'u-coord', name: 'Cora Coordinator' };
const TIME = 1_700_000_000_000;

let version: PMNode;

beforeAll(async () => {
  const text = readFileSync(path.resolve(process.cwd(), '../shared/fixtures/pp18-ecp1-res133-mod.txt'), 'utf8');
  version = await importDocument(text, { format: 'text' });
});

/** The document after `action` on the changes `ids`. */
function reviewed(doc: PMNode, ids: string[], action: 'accept' | 'reject'): PMNode {
  const tr = new Transform(doc);
  applyReview(tr, ids, action);
  return tr.doc;
}

const idsOf = (restore: TrackedRestore) => [...new Set(restore.changes.map((c) => c.id))];

/**
 * The three properties: reject gives `current`, accept gives `version`'s text and blocks, all by
 * the restorer. Where co-authors struck through text the version has (`struckSince`), their
 * deletions stay pending beside the restorer's insertions, so it is accepting every change that
 * gives the version.
 */
function expectRestores(current: PMNode, then: PMNode, restore: TrackedRestore, struckSince = false): void {
  expect(reviewed(restore.doc, idsOf(restore), 'reject').toJSON()).toEqual(current.toJSON());
  const accepted = struckSince ? reviewed(restore.doc, listChanges(restore.doc).map((c) => c.id), 'accept') : reviewed(restore.doc, idsOf(restore), 'accept');
  expect(stripRevisions(accepted)).toEqual(stripRevisions(struckSince ? reviewed(then, listChanges(then).map((c) => c.id), 'accept') : then));
  for (const change of restore.changes) expect(change).toMatchObject({ author: coordinator.id, authorName: coordinator.name, time: TIME, status: 'suggested' });
  expect(restore.unrestored).toBe(0);
}

/** Where `phrase` is: the textblock around it. */
function blockOf(doc: PMNode, phrase: string): { pos: number; node: PMNode } {
  const $pos = doc.resolve(posOf(doc, phrase));
  return { pos: $pos.before(), node: $pos.parent };
}

/** A co-author's tracked edit of `doc` (track mode as `user`). */
function tracked(doc: PMNode, user: TrackUser, edit: (state: EditorState) => ReturnType<EditorState['tr']['insertText']>): PMNode {
  const state = EditorState.create({ doc, plugins: [suggestChanges(user)] });
  return state.apply(edit(state)).doc;
}

/** The changes as "kind:text" (text trimmed: where the word diff puts a space between words is its choice). */
const summary = (restore: TrackedRestore) => restore.changes.map((c) => `${c.kind}:${c.text.trim()}`);

/** Plain (untracked) text replacement, keeping the formatting there. */
function replaceText(tr: Transform, from: number, to: number, text: string): Transform {
  return text ? tr.replaceWith(from, to, schema.text(text, tr.doc.resolve(from).marks())) : tr.delete(from, to);
}

describe('trackedRestore', () => {
  it('gives no change for a version equal to now', () => {
    const restore = trackedRestore(version, version, coordinator, TIME);
    expect(restore.changes).toEqual([]);
    expect(restore.doc.eq(version)).toBe(true);
  });

  it('turns one changed word into one deletion and one insertion around it', () => {
    const at = posOf(version, 'commitment of the Tunis Agenda');
    const current = replaceText(new Transform(version), at, at + 'commitment'.length, 'promise').doc;
    const restore = trackedRestore(current, version, coordinator, TIME);
    expect(summary(restore)).toEqual(['deletion:promise', 'insertion:commitment']);
    expect(new Set(idsOf(restore)).size).toBe(1);
    expectRestores(current, version, restore);
  });

  it('brings back a removed item as an inserted block and takes out an added paragraph as a deleted one', () => {
    const item = blockOf(version, 'past successful standardization activities');
    const resolves = blockOf(version, 'to explore ways and means for greater collaboration and coor');
    const tr = new Transform(version);
    tr.insert(resolves.pos + resolves.node.nodeSize, schema.nodes.paragraph.create(null, schema.text('to report back every year.')));
    tr.delete(item.pos, item.pos + item.node.nodeSize);
    const current = tr.doc;
    const restore = trackedRestore(current, version, coordinator, TIME);
    expect(summary(restore)).toEqual([`insertion:${item.node.textContent}`, 'deletion:to report back every year.']);
    expectRestores(current, version, restore);
  });

  it('records a changed proposal action and item level as attribute changes', () => {
    const item = blockOf(version, 'further advance the process');
    const tr = new Transform(version);
    tr.setNodeMarkup(0, undefined, { ...version.child(0).attrs, action: 'SUP' });
    tr.setNodeMarkup(item.pos, schema.nodes.paragraph, { align: null, track: null });
    const current = tr.doc;
    const restore = trackedRestore(current, version, coordinator, TIME);
    expect(summary(restore)).toEqual(['attribute:action: SUP → MOD', 'attribute:paragraph → item']);
    expectRestores(current, version, restore);
  });

  it('strikes through a co-author\'s pending insertion the version lacks, and brings back what they struck through since', () => {
    let current = tracked(version, bob, (s) => s.tr.insertText(' urgently', posOf(version, 'to take an active part in all international discussions', 'to take an active part'.length)));
    const word = posOf(current, 'past successful');
    current = tracked(current, bob, (s) => s.tr.setSelection(TextSelection.create(s.doc, word, word + 5)).deleteSelection());
    const bobs = listChanges(current).map((c) => `${c.kind}:${c.author}:${c.text}`);
    expect(bobs).toEqual(['deletion:u-bob:past ', 'insertion:u-bob: urgently']);

    const restore = trackedRestore(current, version, coordinator, TIME);
    expect(summary(restore)).toEqual(['insertion:past', 'deletion:urgently']);
    expectRestores(current, version, restore, true);
    // Bob's changes are still there, to review as before
    expect(listChanges(restore.doc).filter((c) => c.author === bob.id).map((c) => `${c.kind}:${c.text}`)).toEqual(['deletion:past ', 'insertion: urgently']);
  });

  it('brings back text a version had as someone\'s suggestion as the restorer\'s insertion', () => {
    const at = posOf(version, 'of the progress made by all stakeholders', 'of the progress'.length);
    const then = tracked(version, bob, (s) => s.tr.insertText(' steadily', at));
    const restore = trackedRestore(version, then, coordinator, TIME);
    expect(summary(restore)).toEqual(['insertion:steadily']);
    expectRestores(version, then, restore);
  });

  it('does all of these at once, on a document where the restorer has suggestions of their own', () => {
    let current = tracked(version, coordinator, (s) => s.tr.insertText(' (own)', posOf(version, 'to report annually to the ITU Council', 'to report annually'.length)));
    const item = blockOf(current, 'past successful standardization activities');
    const tr = new Transform(current);
    const word = posOf(current, 'commitment of the Tunis Agenda');
    tr.delete(item.pos, item.pos + item.node.nodeSize);
    replaceText(tr, word, word + 'commitment'.length, 'promise');
    tr.setNodeMarkup(0, undefined, { ...current.child(0).attrs, action: 'ADD' });
    current = tr.doc;
    const restore = trackedRestore(current, version, coordinator, TIME);
    expect(summary(restore)).toEqual([
      'attribute:action: ADD → MOD', 'deletion:promise', 'insertion:commitment', `insertion:${item.node.textContent}`, 'deletion:(own)',
    ]);
    expectRestores(current, version, restore);
  });

  it('takes out a whole proposal the version lacks as one deleted block, and brings it back as one inserted block', () => {
    const base = res30Doc({ maxBlocks: 6 });
    const last = base.child(base.childCount - 1);
    const current = new Transform(base).delete(base.content.size - last.nodeSize, base.content.size).doc;
    const back = trackedRestore(current, base, coordinator, TIME);
    expect(summary(back)).toEqual(['insertion:Suppression of Resolution 185']);
    expectRestores(current, base, back);
    const out = trackedRestore(base, current, coordinator, TIME);
    expect(summary(out)).toEqual(['deletion:Suppression of Resolution 185']);
    expectRestores(base, current, out);
  });

  it('leaves a cover the version lacks as it is and counts it, since cover fields carry no block records', async () => {
    const text = readFileSync(path.resolve(process.cwd(), '../shared/fixtures/pp14-wgpl149-res64-mod.md'), 'utf8');
    const current = await importDocument(text, { format: 'markdown' });
    expect(current.firstChild!.type.name).toBe('cover');
    const then = current.copy(current.content.cut(current.firstChild!.nodeSize));
    const restore = trackedRestore(current, then, coordinator, TIME);
    expect(restore).toMatchObject({ changes: [], unrestored: 1 });
    expect(restore.doc.eq(current)).toBe(true);
  });

  it('leaves text a co-author already struck through to their deletion (a text carries one deletion mark)', () => {
    const word = posOf(version, 'past successful');
    const current = tracked(version, bob, (s) => s.tr.setSelection(TextSelection.create(s.doc, word, word + 5)).deleteSelection());
    const then = new Transform(version).delete(word, word + 5).doc;
    const restore = trackedRestore(current, then, coordinator, TIME);
    expect(restore.changes).toEqual([]);
    expect(listChanges(restore.doc).map((c) => `${c.kind}:${c.author}:${c.text}`)).toEqual(['deletion:u-bob:past ']);
  });

  it('brings back text the version has and a co-author struck through since, after her deletion', () => {
    const word = posOf(version, 'past successful');
    const current = tracked(version, bob, (s) => s.tr.setSelection(TextSelection.create(s.doc, word, word + 5)).deleteSelection());
    const restore = trackedRestore(current, version, coordinator, TIME);
    // her deletion stays hers; the restorer's insertion of the same words follows it
    expect(listChanges(restore.doc).map((c) => `${c.kind}:${c.author}:${c.text}`)).toEqual(['deletion:u-bob:past ', `insertion:${coordinator.id}:past `]);
    expectRestores(current, version, restore, true);
  });

  it('holds for random word edits, removed, added and retyped blocks (property)', () => {
    const base = res30Doc({ maxBlocks: 8, maxChars: 120 });
    const blocks: { pos: number; node: PMNode }[] = [];
    base.descendants((node, pos) => { if (node.isTextblock) blocks.push({ pos, node }); return !node.isTextblock; });
    const edit = fc.record({
      block: fc.nat(blocks.length - 1),
      kind: fc.constantFrom('replace', 'delete', 'insert', 'remove-block', 'add-block', 'retype'),
      at: fc.nat(40),
      word: fc.constantFrom('alpha', 'beta', 'ITU', 'resolves', ''),
    });
    fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 5 }), (edits) => {
      const tr = new Transform(base);
      const used = new Set<number>();
      for (const e of [...edits].sort((a, b) => b.block - a.block)) {
        if (used.has(e.block)) continue;
        used.add(e.block);
        const { pos, node } = blocks[e.block];
        const words = [...node.textContent.matchAll(/\S+/g)];
        const $pos = tr.doc.resolve(pos);
        if (e.kind === 'remove-block') {
          if ($pos.parent.canReplace($pos.index(), $pos.index() + 1)) tr.delete(pos, pos + node.nodeSize);
          continue;
        }
        if (e.kind === 'add-block') {
          const added = schema.nodes.paragraph.create(null, schema.text(`${e.word || 'new'} paragraph`));
          if ($pos.parent.canReplaceWith($pos.index() + 1, $pos.index() + 1, added.type)) tr.insert(pos + node.nodeSize, added);
          continue;
        }
        if (e.kind === 'retype') {
          const type = node.type === schema.nodes.item ? schema.nodes.paragraph : schema.nodes.item;
          if ($pos.parent.canReplaceWith($pos.index(), $pos.index() + 1, type)) tr.setNodeMarkup(pos, type, {});
          continue;
        }
        const w = words[e.at % Math.max(1, words.length)];
        const from = pos + 1 + (w?.index ?? 0), to = from + (e.kind === 'insert' || !w ? 0 : w[0].length);
        const text = e.kind === 'delete' ? '' : e.kind === 'insert' ? `${e.word || 'x'} ` : e.word;
        if (text || to > from) replaceText(tr, from, to, text);
      }
      const current = tr.doc;
      for (const [now, then] of [[current, base], [base, current]]) {
        const restore = trackedRestore(now, then, coordinator, TIME);
        expectRestores(now, then, restore);
        // small edits, small changes: at most a deletion and an insertion per edit
        expect(restore.changes.length).toBeLessThanOrEqual(2 * edits.length);
      }
    }), { numRuns: 100 });
  });
});

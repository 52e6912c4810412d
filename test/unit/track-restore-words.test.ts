// A tracked restore reads as one change per edited phrase (shared/track/restore-words.ts): three
// edited phrases give three changes, words never straddle a change ("reviewWorld"), a version's
// struck-through text is never brought back as new text, and the restorer's insertions never
// carry a deletion inside them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState, TextSelection } from 'prosemirror-state';
import { Transform } from 'prosemirror-transform';
import { beforeAll, describe, expect, it } from 'vitest';
import { importDocument } from '../../shared/import';
import { schema } from '../../shared/schema';
import { allChangeIds, listChanges, suggestChanges, type TrackUser } from '../../shared/track';
import { applyReview } from '../../shared/track/review';
import { trackedRestore, type TrackedRestore } from '../../shared/track/restore';
import { blockWords } from '../../shared/track/restore-words';
import { textblocks } from '../../shared/model/block-text';
import { bob, posOf, stripRevisions } from './track-doc';

const coordinator: TrackUser = { id: 'u-coord', name: 'Cora Coordinator' };
const TIME = 1_700_000_000_000;
let version: PMNode;

beforeAll(async () => {
  const text = readFileSync(path.resolve(process.cwd(), '../shared/fixtures/pp18-ecp1-res133-mod.txt'), 'utf8');
  version = await importDocument(text, { format: 'text' });
});

function replacePhrase(doc: PMNode, phrase: string, by: string): PMNode {
  const at = posOf(doc, phrase);
  return new Transform(doc).replaceWith(at, at + phrase.length, schema.text(by, doc.resolve(at).marks())).doc;
}

function reviewed(doc: PMNode, ids: string[], action: 'accept' | 'reject'): PMNode {
  const tr = new Transform(doc);
  applyReview(tr, ids, action);
  return tr.doc;
}

const ids = (restore: TrackedRestore) => [...new Set(restore.changes.map((c) => c.id))];

/** A co-author's tracked replacement of `phrase` by `by`. */
function suggestReplacement(doc: PMNode, user: TrackUser, phrase: string, by: string): PMNode {
  const state = EditorState.create({ doc, plugins: [suggestChanges(user)] });
  const at = posOf(doc, phrase);
  const tr = state.tr.setSelection(TextSelection.create(doc, at, at + phrase.length));
  return state.apply(tr.insertText(by)).doc;
}

/** No text carries the restorer's insertion and a deletion at once. */
function noNesting(doc: PMNode, user: TrackUser): void {
  doc.descendants((node) => {
    if (!node.isText) return true;
    const ins = node.marks.find((m) => m.type.name === 'insertion');
    if (ins?.attrs.author === user.id) expect(node.marks.some((m) => m.type.name === 'deletion'), `"${node.text}"`).toBe(false);
    return false;
  });
}

describe('restore, word by word', () => {
  it('gives exactly three changes for three edited phrases, each phrase one replacement', () => {
    let current = replacePhrase(version, 'the commitment of the Tunis Agenda', 'the promise made in the Tunis Agenda');
    current = replacePhrase(current, 'past successful standardization activities', 'earlier work');
    current = replacePhrase(current, 'to take an active part in all international discussions', 'to lead all global talks');
    const restore = trackedRestore(current, version, coordinator, TIME);
    expect(ids(restore)).toHaveLength(3);
    expect(restore.changes.map((c) => `${c.kind}:${c.text}`)).toEqual([
      'deletion:promise made in', 'insertion:commitment of',
      'deletion:earlier work', 'insertion:past successful standardization activities',
      'deletion:lead all global talks', 'insertion:take an active part in all international discussions',
    ]);
    noNesting(restore.doc, coordinator);
    expect(reviewed(restore.doc, ids(restore), 'reject').eq(current)).toBe(true);
    expect(stripRevisions(reviewed(restore.doc, ids(restore), 'accept'))).toEqual(stripRevisions(version));
  });

  it('cuts words where a change begins or ends, so a replacement glued to its neighbour stays whole', () => {
    const then = suggestReplacement(version, bob, 'commitment', 'review');
    const block = textblocks(then).find((b) => b.text.includes('commitmentreview'))!;
    expect(blockWords(block).map((w) => w.text)).toContain('review');
    expect(blockWords(block).find((w) => w.text === 'commitment')?.struck).toBe(true);
    // the version's reading is "the review of the Tunis Agenda"; the text now says so, once accepted
    const accepted = reviewed(then, allChangeIds(then), 'accept');
    const restore = trackedRestore(accepted, then, coordinator, TIME);
    expect(restore.changes).toEqual([]);
  });

  it('brings back a version\'s suggested replacements, since rejected, as one replacement each', () => {
    let then = suggestReplacement(version, bob, 'commitment', 'review');
    then = suggestReplacement(then, bob, 'successful', 'earlier');
    then = suggestReplacement(then, bob, 'international discussions', 'global talks');
    expect(listChanges(then)).toHaveLength(6);
    const rejected = reviewed(then, allChangeIds(then), 'reject');
    expect(rejected.eq(version)).toBe(true);
    const restore = trackedRestore(rejected, then, coordinator, TIME);
    expect(ids(restore)).toHaveLength(3);
    expect(restore.changes.map((c) => `${c.kind}:${c.text}`)).toEqual([
      'deletion:commitment', 'insertion:review', 'deletion:successful', 'insertion:earlier',
      'deletion:international discussions', 'insertion:global talks',
    ]);
    noNesting(restore.doc, coordinator);
    // accepted, the restore reads as the version accepted
    const accept = (doc: PMNode) => reviewed(doc, allChangeIds(doc), 'accept').textContent;
    expect(accept(restore.doc)).toBe(accept(then));
  });

  it('never brings back a version\'s struck-through text as new text', () => {
    const then = suggestReplacement(version, bob, 'commitment', 'review');
    const now = replacePhrase(version, 'commitment', 'pledge');
    const restore = trackedRestore(now, then, coordinator, TIME);
    expect(restore.changes.map((c) => `${c.kind}:${c.author}:${c.text}`)).toEqual([
      `deletion:${coordinator.id}:pledge`, `insertion:${coordinator.id}:review`,
    ]);
    noNesting(restore.doc, coordinator);
    expect(listChanges(restore.doc)).toHaveLength(2);
  });
});

// The importer's revision marks (pp14-wgpl149-res64-mod.md: `[inserted](#)` and `~~deleted~~`,
// agreed, by 'import') are changes like any other: listed, selectable, reviewable, and track mode
// works on top of them.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Node as PMNode } from 'prosemirror-model';
import { importDocument } from '../../shared/import';
import {
  allChangeIds, changeIdsByAuthor, changeIdsInProposal, changeIdsInRange, listChanges, review,
} from '../../shared/track';
import { alice, apply, editorState, fixture, posOf } from './track-doc';

let doc: PMNode;

beforeAll(async () => {
  doc = await importDocument(fixture('pp14-wgpl149-res64-mod.md'));
});

describe('imported revision marks', () => {
  it('are listed as agreed changes by the importer, in the MOD unit, in document order', () => {
    const changes = listChanges(doc);
    expect(changes.length).toBeGreaterThan(5);
    for (const c of changes) expect(c).toMatchObject({ author: 'import', status: 'agreed', proposalRef: 'WGPL/149/2' });
    expect(changes.map((c) => c.from)).toEqual([...changes.map((c) => c.from)].sort((a, b) => a - b));
    expect(changes.find((c) => c.kind === 'deletion')!.text).toBe('2014');
    expect(new Set(changes.map((c) => c.id)).size).toBe(changes.length);
  });

  it('are selected by author, by proposal and by range', () => {
    const all = allChangeIds(doc);
    expect(changeIdsByAuthor(doc, 'import')).toEqual(all);
    expect(changeIdsByAuthor(doc, alice.id)).toEqual([]);
    expect(changeIdsInProposal(doc, 'WGPL/149/2')).toEqual(all);
    expect(changeIdsInProposal(doc, 'WGPL/149/1')).toEqual([]);
    const first = listChanges(doc)[0];
    expect(changeIdsInRange(doc, first.from, first.to)).toEqual([first.id]);
  });

  it('reject brings deleted text back and removes inserted text; accept does the opposite', () => {
    const state = editorState(doc);
    const deletion = listChanges(doc).find((c) => c.kind === 'deletion')!;
    const insertion = listChanges(doc).find((c) => c.kind === 'insertion')!;
    const rejected = state.apply(review(state, [deletion.id, insertion.id], 'reject')).doc;
    expect(listChanges(rejected).map((c) => c.id)).not.toContain(deletion.id);
    expect(rejected.textContent).toContain(deletion.text);
    expect(rejected.textContent.length).toBe(doc.textContent.length - insertion.text.length);
    const accepted = state.apply(review(state, allChangeIds(doc), 'accept')).doc;
    expect(listChanges(accepted)).toEqual([]);
    expect(accepted.textContent).not.toContain('~~');
    expect(accepted.textContent.length).toBe(doc.textContent.length - listChanges(doc).filter((c) => c.kind === 'deletion').reduce((n, c) => n + c.text.length, 0));
  });

  it('track mode adds suggestions beside them, and rejecting those gives the import back', () => {
    let state = editorState(doc);
    const at = posOf(doc, 'the outcomes of the Geneva');
    state = apply(state, (tr) => tr.insertText('all ', at + 4));
    state = apply(state, (tr) => tr.delete(at, at + 4));
    const mine = changeIdsByAuthor(state.doc, alice.id);
    expect(listChanges(state.doc).filter((c) => c.author === alice.id).map((c) => [c.kind, c.status, c.text])).toEqual([
      ['deletion', 'suggested', 'the '], ['insertion', 'suggested', 'all '],
    ]);
    expect(state.apply(review(state, mine, 'reject')).doc.toJSON()).toEqual(doc.toJSON());
    const agreed = state.apply(review(state, mine, 'agree')).doc;
    expect(listChanges(agreed).every((c) => c.status === 'agreed')).toBe(true);
  });
});

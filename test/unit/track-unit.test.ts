// A whole proposal unit added (shared/track/unit.ts): one unit record on the proposal node, its
// content base text. The change list shows one change; review rejects (unit gone), accepts (unit
// kept, record gone) or agrees; the server's drafter check accepts a drafter's update only when
// it is a tracked change by her, never a unit record she made herself.
import type { Node as PMNode } from 'prosemirror-model';
import { TextSelection } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import { drafterVerdict } from '../../server/collab/drafter-check';
import { buildProposalUnit } from '../../shared/model/new-proposal';
import { schema } from '../../shared/schema';
import fc from 'fast-check';
import { allChangeIds, listChanges, review } from '../../shared/track';
import { lint } from '../../shared/model/lint';
import { isUnitRecord, unitRecord, unitRecordIds, withUnitRecord } from '../../shared/track/unit';
import { alice, apply, bob, editorState, posOf, res30Doc } from './track-doc';
import { formatOpArb, trackedStep } from './track-ops';

const NOW = Date.UTC(2026, 11, 6, 12);

/** res30Doc with a MOD of its Resolution 30 added by `who` at the end, as the server inserts it. */
function withAddedUnit(who = alice): { before: PMNode; doc: PMNode } {
  const before = res30Doc({ maxBlocks: 4 });
  const base = before.child(1).child(0);
  const unit = withUnitRecord(buildProposalUnit(schema, { action: 'MOD', ref: 'ECP/24A5/9', base, doc: before }), who, NOW);
  return { before, doc: before.copy(before.content.append(schema.node('doc', null, [unit]).content)) };
}

describe('a unit added', () => {
  it('is one change, "Added MOD Resolution 30 (unit …)", by the user who added it', () => {
    const { doc } = withAddedUnit();
    const changes = listChanges(doc);
    expect(changes).toHaveLength(1);
    const [change] = changes;
    expect(change).toMatchObject({
      kind: 'insertion', unit: true, author: alice.id, authorName: alice.name, time: NOW, status: 'suggested',
      proposalRef: 'ECP/24A5/9', description: 'Added MOD Resolution 30 (unit ECP/24A5/9)', text: '',
    });
    // selecting it goes to the unit's opening
    expect(doc.resolve(change.from).nodeAfter?.attrs.ref).toBe('ECP/24A5/9');
  });

  it('rejected, is gone with everything in it; accepted, stays without a record; agreed, stays agreed', () => {
    const { before, doc } = withAddedUnit();
    const [change] = listChanges(doc);
    // bob's tracked edit inside alice's unit goes with it
    let state = editorState(doc, bob);
    const unitStart = state.doc.content.size - state.doc.lastChild!.nodeSize;
    const textAt = posOf(state.doc.lastChild!, 'RESOLUTION 30') + unitStart + 1;
    state = apply(state, (tr) => tr.setSelection(TextSelection.create(tr.doc, textAt)).insertText('Bob '));
    expect(listChanges(state.doc).map((c) => c.authorName).sort()).toEqual(['Alice', 'Bob']);

    const rejected = state.apply(review(state, [change.id], 'reject')).doc;
    expect(rejected.eq(before)).toBe(true);

    const accepted = state.apply(review(state, [change.id], 'accept')).doc;
    expect(accepted.childCount).toBe(4);
    expect(accepted.child(3).attrs.track).toBeNull();
    expect(listChanges(accepted).map((c) => c.authorName)).toEqual(['Bob']);

    const agreed = state.apply(review(state, [change.id], 'agree')).doc;
    expect(agreed.child(3).attrs.track).toEqual([{ ...unitRecord(alice, NOW, change.id), status: 'agreed' }]);
  });

  it('blocks a submission while suggested, named as the unit it is', () => {
    const { doc } = withAddedUnit();
    const problems = lint(doc).filter((p) => p.code === 'suggested-change');
    expect(problems.map((p) => p.message)).toEqual(['suggested insertion of a block by Alice in ECP/24A5/9 not yet agreed: "Added MOD Resolution 30 (unit ECP/24A5/9)"']);
  });

  it('is refused by the schema when its flag is anything but true', () => {
    const record = { ...unitRecord(alice, NOW), unit: 'yes' };
    expect(() => schema.nodes.proposal.createChecked({ action: 'MOD', ref: 'X/1/1', track: [record] }, [schema.nodes.paragraph.create()])).toThrow(/unit/);
    expect(isUnitRecord(unitRecord(alice, NOW))).toBe(true);
  });
});

describe("the drafter check and a unit", () => {
  const drafter = { id: alice.id, name: alice.name };

  it('refuses a unit record that a drafter adds in an update (units come from the server)', () => {
    const { before, doc } = withAddedUnit();
    expect(drafterVerdict(before, doc, drafter, Date.now())).toMatch(/through the server/);
    // nor may she turn her own tracked insertion of a unit into a unit record
    const tracked = editorState(before, alice);
    const unit = buildProposalUnit(schema, { action: 'NOC', ref: 'ECP/24A5/9', base: null, doc: before });
    const inserted = apply(tracked, (tr) => tr.insert(before.content.size, unit)).doc;
    expect(drafterVerdict(before, inserted, drafter, Date.now())).toBeNull();
    const last = inserted.lastChild!;
    const flipped = inserted.copy(inserted.content.replaceChild(inserted.childCount - 1,
      last.type.create({ ...last.attrs, track: last.attrs.track.map((r: object) => ({ ...r, unit: true })) }, last.content)));
    expect(drafterVerdict(inserted, flipped, drafter, Date.now())).toMatch(/through the server/);
  });

  it("accepts her tracked edits inside her own unit and her withdrawing it, refuses untracked edits inside it", () => {
    const { doc } = withAddedUnit();
    const unitStart = doc.content.size - doc.lastChild!.nodeSize;
    const state = editorState(doc, alice);
    const textAt = posOf(doc.lastChild!, 'RESOLUTION 30') + unitStart + 1;

    const typed = apply(state, (tr) => tr.setSelection(TextSelection.create(tr.doc, textAt)).insertText('new ')).doc;
    expect(listChanges(typed)).toHaveLength(2);
    expect(drafterVerdict(doc, typed, drafter, Date.now())).toBeNull();

    const plain = editorState(doc, alice, false);
    const sneaked = apply(plain, (tr) => tr.insertText('new ', textAt)).doc;
    expect(drafterVerdict(doc, sneaked, drafter, Date.now())).toMatch(/track mode only/);
    const cut = apply(plain, (tr) => tr.delete(textAt, textAt + 10)).doc;
    expect(drafterVerdict(doc, cut, drafter, Date.now())).toMatch(/track mode only/);

    const [unitChange] = listChanges(doc);
    const withdrawn = state.apply(review(state, [unitChange.id], 'reject')).doc;
    expect(drafterVerdict(doc, withdrawn, drafter, Date.now())).toBeNull();
    // withdrawing it with her tracked edit inside it too
    const typedState = editorState(typed, alice);
    const both = typedState.apply(review(typedState, listChanges(typed).map((c) => c.id), 'reject')).doc;
    expect(drafterVerdict(typed, both, drafter, Date.now())).toBeNull();
  });

  it("refuses another drafter's rejecting or untracked editing of someone's unit", () => {
    const { doc } = withAddedUnit(alice);
    const state = editorState(doc, bob);
    const [unitChange] = listChanges(doc);
    const rejected = state.apply(review(state, [unitChange.id], 'reject')).doc;
    expect(drafterVerdict(doc, rejected, bob, Date.now())).toMatch(/track mode only/);
    const accepted = state.apply(review(state, [unitChange.id], 'accept')).doc;
    expect(drafterVerdict(doc, accepted, bob, Date.now())).toMatch(/track mode only/);
  });
});

describe('a unit added, under random tracked edits (fast-check)', () => {
  const RUNS = { numRuns: 150, seed: 16_016 };
  const { before, doc } = withAddedUnit(alice);
  const unitId = listChanges(doc)[0].id;

  it('every edit passes the drafter check for its author; rejecting all gives the text before the unit, accepting all keeps it without records', () => {
    fc.assert(fc.property(fc.array(formatOpArb, { minLength: 1, maxLength: 10 }), (ops) => {
      let state = editorState(doc, alice);
      for (const op of ops) {
        const next = trackedStep(state, op);
        if (!next) continue;
        const author = op.bob ? bob : alice;
        expect(drafterVerdict(state.doc, next.doc, author, Date.now()), JSON.stringify(op)).toBeNull();
        state = next;
      }
      const rejected = state.apply(review(state, allChangeIds(state.doc), 'reject')).doc;
      expect(rejected.eq(before)).toBe(true);
      // rejecting the unit alone takes it out with the edits made inside it (a copy pasted elsewhere is another change)
      const withoutUnit = state.apply(review(state, [unitId], 'reject')).doc;
      expect(unitRecordIds(withoutUnit).size).toBe(0);
      expect(listChanges(withoutUnit).some((c) => c.unit)).toBe(false);
      const accepted = state.apply(review(state, allChangeIds(state.doc), 'accept')).doc;
      expect(listChanges(accepted)).toEqual([]);
    }), RUNS);
  });
});

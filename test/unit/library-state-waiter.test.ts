// The editor-state waiter of the drafter's MOD flow (client/library/state-waiter.ts) with real
// editor states: a unit already there resolves at once, one that arrives later on the first state
// holding it, and a unit that never comes fails with its message after the timeout, as on cancel.
import { describe, expect, it } from 'vitest';
import { EditorState } from 'prosemirror-state';
import { schema } from '../../shared/schema';
import { buildProposalUnit } from '../../shared/model/new-proposal';
import { proposalPosition } from '../../client/library/insert';
import { StateWaiter } from '../../client/library/state-waiter';

const intro = schema.nodes.paragraph.create(null, schema.text('Introduction.'));
const empty = EditorState.create({ doc: schema.nodes.doc.create(null, [intro]) });
const withUnit = (state: EditorState, ref: string) =>
  state.apply(state.tr.insert(state.doc.content.size, buildProposalUnit(schema, { action: 'MOD', ref })));
const find = (ref: string) => (state: EditorState) => proposalPosition(state.doc, ref, 1);

describe('StateWaiter', () => {
  it('resolves at once when the state already holds what is looked for', async () => {
    const waiter = new StateWaiter();
    await expect(waiter.waitFor(withUnit(empty, 'EUR/XXA1/1'), find('EUR/XXA1/1'), 1000, 'never')).resolves.toBe(intro.nodeSize);
  });

  it('resolves on the first later state that holds it, not before', async () => {
    const waiter = new StateWaiter();
    let settled = false;
    const arrival = waiter.waitFor(empty, find('EUR/XXA1/2'), 5000, 'never').finally(() => { settled = true; });
    waiter.update(withUnit(empty, 'EUR/XXA1/1'));
    await Promise.resolve();
    expect(settled).toBe(false);
    waiter.update(withUnit(withUnit(empty, 'EUR/XXA1/1'), 'EUR/XXA1/2'));
    await expect(arrival).resolves.toBeGreaterThan(intro.nodeSize);
  });

  it('fails with its message after the timeout, and every waiter on cancel', async () => {
    const waiter = new StateWaiter();
    await expect(waiter.waitFor(empty, find('EUR/XXA1/9'), 20, 'MOD EUR/XXA1/9 has not arrived')).rejects.toThrow('MOD EUR/XXA1/9 has not arrived');
    const pending = waiter.waitFor(empty, find('EUR/XXA1/9'), 60_000, 'never');
    waiter.cancel('The editor was closed.');
    await expect(pending).rejects.toThrow('The editor was closed.');
    waiter.update(withUnit(empty, 'EUR/XXA1/9'));
  });
});

describe('proposalPosition', () => {
  it('prefers the proposal at the index the server answered when a reference is there twice', () => {
    const twice = withUnit(withUnit(empty, 'EUR/XXA1/1'), 'EUR/XXA1/1').doc;
    const second = intro.nodeSize + twice.child(1).nodeSize;
    expect(proposalPosition(twice, 'EUR/XXA1/1', 2)).toBe(second);
    expect(proposalPosition(twice, 'EUR/XXA1/1', 7)).toBe(intro.nodeSize);
    expect(proposalPosition(twice, 'EUR/XXA1/3', 1)).toBeNull();
  });
});

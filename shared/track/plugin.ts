// Track mode: the plugin that turns every local edit into tracked changes (suggestions).
//
// Why appendTransaction: filterTransaction can only let a transaction through or drop it, and a
// dispatch wrapper lives outside the state, so any code that calls `state.apply` (tests, the
// server, commands run on a plain EditorState) would bypass it. appendTransaction runs on every
// apply, sees the exact steps, and its transaction joins the user's one in the same history event
// (prosemirror-history and y-prosemirror's undo treat it as part of the edit), while y-prosemirror
// only syncs the final document. Typing, the hot path, costs one AddMarkStep on the inserted
// range; Backspace and Delete in text or across a paragraph mark are tracked on the plain result
// directly too (key-deletion.ts); other edits are reverted and replayed as tracked steps,
// touching only the step ranges.
import { Plugin, PluginKey, Selection, TextSelection, NodeSelection, type Command, type EditorState, type Transaction } from 'prosemirror-state';
import type { Node as PMNode } from 'prosemirror-model';
import { ReplaceStep, Transform } from 'prosemirror-transform';
import { agrees } from './agreement';
import { trackBlockReplace } from './block-replace';
import { isHistoryTransaction } from 'prosemirror-history';
import { ySyncPluginKey } from 'y-prosemirror';
import type { DeleteDirection } from './deletion';
import { allInline, insertionPoint, markTyped, typedText } from './insertion';
import { trackKeyDeletion } from './key-deletion';
import { recordSplit } from './recorded-split';
import { REVIEW_META, UNTRACKED_META, type TrackUser } from './revision';
import { applyTracked, needsCheck, type PosMap, type UserStep } from './tracked-steps';

export { UNTRACKED_META, REVIEW_META };

interface TrackState {
  enabled: boolean;
  user: TrackUser;
  direct: DirectPaths;
}

type TrackMeta = { enabled?: boolean; user?: TrackUser; tracked?: boolean; refused?: string };

export const trackPluginKey = new PluginKey<TrackState>('draftroom/track');

/** Transactions replayed elsewhere or made by the machinery: never tracked. */
function isUntracked(tr: Transaction): boolean {
  return !!(
    tr.getMeta(UNTRACKED_META) || tr.getMeta(REVIEW_META) || tr.getMeta(ySyncPluginKey) ||
    isHistoryTransaction(tr) || (tr.getMeta(trackPluginKey) as TrackMeta | undefined)?.tracked
  );
}

/** Plain typing of inline content at one point, outside deleted text: tracked without a replay. */
function typedStep(trs: readonly Transaction[]): ReplaceStep | null {
  if (trs.length !== 1 || trs[0].steps.length !== 1) return null;
  const step = trs[0].steps[0];
  if (!(step instanceof ReplaceStep) || step.from !== step.to || step.slice.openStart || step.slice.openEnd || !step.slice.size) return null;
  return allInline(step.slice.content) && insertionPoint(trs[0].docs[0], step.from) === step.from ? step : null;
}

/** Backspace (-1) or Delete (1) when the edit is one collapsed deletion. */
function deleteDirection(trs: readonly Transaction[], oldState: EditorState): DeleteDirection {
  const steps = trs.flatMap((tr) => tr.steps);
  const step = steps[0];
  if (steps.length !== 1 || !(step instanceof ReplaceStep) || step.slice.size || !oldState.selection.empty) return 0;
  const head = oldState.selection.head;
  return head === step.to ? -1 : head === step.from ? 1 : 0;
}

function mapSelection(sel: Selection, tr: Transaction, map: PosMap, dir: DeleteDirection): Selection {
  const doc = tr.doc, assoc = dir < 0 ? -1 : 1;
  const clamp = (pos: number) => Math.max(0, Math.min(doc.content.size, pos));
  if (sel instanceof NodeSelection) {
    const pos = clamp(map(sel.from, 1));
    const node = doc.nodeAt(pos);
    if (node && NodeSelection.isSelectable(node)) return NodeSelection.create(doc, pos);
  }
  const anchor = doc.resolve(clamp(map(sel.anchor, sel.empty ? assoc : sel.anchor <= sel.head ? 1 : -1)));
  const head = sel.empty ? anchor : doc.resolve(clamp(map(sel.head, sel.anchor <= sel.head ? -1 : 1)));
  return TextSelection.between(anchor, head);
}

/** One ReplaceStep in one transaction: what Backspace and Delete make. */
function loneReplace(trs: readonly Transaction[]): ReplaceStep | null {
  const step = trs.length === 1 && trs[0].steps.length === 1 ? trs[0].steps[0] : null;
  return step instanceof ReplaceStep ? step : null;
}

/** Which direct paths are on (the tests turn them off to compare with the general replay). */
interface DirectPaths {
  deletions: boolean;
  splits: boolean;
}

/**
 * Adds to `tr`, whose document is the plain result `plain` of the transactions `trs` on
 * `oldState` (`selection` the plain result's selection), the steps that make the edit tracked:
 * `tr` is the appended transaction (appendTransaction) or the user's own one (trackBeforeApply).
 */
function trackInto(tr: Transaction, trs: readonly Transaction[], oldState: EditorState, plain: PMNode, selection: Selection, user: TrackUser, direct: DirectPaths): Transaction {
  const time = Date.now();
  const typed = typedStep(trs);
  // Enter in a block with paragraph-mark records only: the plain split with its mark recorded
  // (the selection stays where the split left it); anything else is replayed as tracked steps.
  const split = !typed && direct.splits && trs.length === 1 && trs[0].steps.length === 1 &&
    recordSplit(tr, trs[0].steps[0], trs[0].docs[0], plain, user, time);
  const lone = !typed && !split && direct.deletions ? loneReplace(trs) : null;
  const keyDir = lone ? deleteDirection(trs, oldState) : 0;
  const key = lone && trackKeyDeletion(plain, lone, trs[0].docs[0], user, time, keyDir);
  if (typed) {
    markTyped(tr, typed, trs[0].docs[0], user, time);
  } else if (key) {
    for (const step of key.tr.steps) tr.step(step);
    tr.setSelection(mapSelection(selection, tr, key.map, keyDir));
  } else if (!split) {
    const steps: UserStep[] = [];
    for (const t of trs) {
      const track = !t.getMeta('appendedTransaction');
      t.steps.forEach((step, i) => steps.push({ step, doc: t.docs[i], track }));
    }
    const dir = deleteDirection(trs, oldState);
    // made on the document before the edit first: if it throws, `tr` is untouched
    const tracked = trackChecked(oldState.doc, plain, steps, user, time, dir);
    for (let i = steps.length - 1; i >= 0; i--) tr.step(steps[i].step.invert(steps[i].doc));
    for (const step of tracked.tr.steps) tr.step(step);
    tr.setSelection(mapSelection(selection, tr, tracked.map, dir));
  }
  return tr.setMeta(trackPluginKey, { tracked: true } satisfies TrackMeta);
}

/**
 * The tracked form of the user's steps on `doc`. Structural edits are checked (accepting all
 * must give what accepting the plain result `plain` gives, rejecting all the base text of `doc`),
 * else the edit is tracked as whole blocks out and in (see block-replace.ts).
 */
function trackChecked(doc: PMNode, plain: PMNode, steps: UserStep[], user: TrackUser, time: number, dir: DeleteDirection): { tr: Transform; map: PosMap } {
  let tracked: { tr: Transform; map: PosMap } | null = null;
  try {
    const tr = new Transform(doc);
    tracked = { tr, map: applyTracked(tr, steps, user, time, dir) };
    if (!steps.some((s) => s.track && needsCheck(s.step, s.doc, dir)) || agrees(tr.doc, doc, plain)) return tracked;
  } catch {
    // a step the tracked form cannot make (the schema refuses it): use the whole-block form
  }
  const blocks = trackBlockReplace(doc, plain, user, time);
  if (blocks) return blocks;
  throw new UntrackableEdit();
}

/** An edit that neither its step-by-step form nor the whole-block form records correctly. */
class UntrackableEdit extends Error {
  constructor() {
    super('track mode: this edit cannot be recorded as a tracked change, so it was not made');
  }
}

/**
 * The transaction that takes back an edit track mode cannot record: applying it untracked would
 * lose the revision trail, so the document and selection go back to what they were.
 */
function refuse(trs: readonly Transaction[], oldState: EditorState, newState: EditorState, reason: string): Transaction {
  const tr = newState.tr;
  const steps = trs.flatMap((t) => t.steps.map((step, i) => ({ step, doc: t.docs[i] })));
  for (let i = steps.length - 1; i >= 0; i--) tr.step(steps[i].step.invert(steps[i].doc));
  tr.setSelection(Selection.fromJSON(tr.doc, oldState.selection.toJSON()));
  // it joins the user's history event, so undo has nothing left to take back
  return tr.setMeta(trackPluginKey, { tracked: true, refused: reason } satisfies TrackMeta);
}

/**
 * Track mode for `user`: every local edit becomes a suggestion with their name and the time.
 * `directDeletions: false` sends Backspace and Delete through the general replay as well, and
 * `directSplits: false` Enter (the tests compare the paths).
 */
export function suggestChanges(user: TrackUser, opts: { enabled?: boolean; directDeletions?: boolean; directSplits?: boolean } = {}): Plugin<TrackState> {
  if (!user || typeof user.id !== 'string' || !user.id) throw new Error('suggestChanges: user.id must be a non-empty string');
  const direct: DirectPaths = { deletions: opts.directDeletions ?? true, splits: opts.directSplits ?? true };
  return new Plugin<TrackState>({
    key: trackPluginKey,
    state: {
      init: () => ({ enabled: opts.enabled ?? true, user: { id: user.id, name: user.name ?? user.id }, direct }),
      apply(tr, value) {
        const meta = tr.getMeta(trackPluginKey) as TrackMeta | undefined;
        if (!meta || (meta.enabled === undefined && !meta.user)) return value;
        return { enabled: meta.enabled ?? value.enabled, user: meta.user ?? value.user, direct };
      },
    },
    props: {
      // Typing in the editor view: insert the text already marked, one step instead of two.
      // The caret goes where ProseMirror's default transaction puts it: read from the DOM, so a
      // click whose selectionchange has not arrived yet is not undone by the stale state selection.
      handleTextInput(view, from, to, text, deflt) {
        const browser = deflt?.();
        const tr = trackedTextInput(view.state, from, to, text, browser?.selectionSet ? browser.selection : undefined);
        if (!tr) return false;
        view.dispatch(tr);
        return true;
      },
    },
    appendTransaction(trs, oldState, newState) {
      const state = trackPluginKey.getState(newState);
      if (!state?.enabled) return null;
      const edits = trs.filter((tr) => tr.docChanged);
      if (!edits.length || edits.some((tr) => isUntracked(tr) && !tr.getMeta('appendedTransaction'))) return null;
      if (edits.every((tr) => tr.getMeta('appendedTransaction'))) return null;
      try {
        return trackInto(newState.tr, edits, oldState, newState.doc, newState.selection, state.user, direct);
      } catch (err) {
        // Never break the editor, never lose the revision trail: the edit is taken back and the
        // reason is on the transaction (see trackRefusal).
        return refuse(edits, oldState, newState, err instanceof Error ? err.message : String(err));
      }
    },
  });
}

/**
 * The editor's dispatch in track mode (client/editor/view.ts): the user's transaction `tr` on
 * `state` with the steps that track it added, so the state is computed once instead of once for
 * the plain edit and once more for the plugin's appended transaction. What it gives is what
 * `state.apply(tr)` gives through appendTransaction (test/unit/track-dispatch.test.ts); a
 * transaction that is not a local edit (remote, history, review, already tracked, a track-mode
 * switch) or that track mode cannot record is returned as it is, and appendTransaction decides.
 */
export function trackBeforeApply(state: EditorState, tr: Transaction): Transaction {
  const track = trackPluginKey.getState(state);
  if (!track?.enabled || !tr.docChanged || isUntracked(tr) || tr.getMeta(trackPluginKey) || tr.before !== state.doc) return tr;
  // the selection of the plain result, read before the tracking steps are added
  const selection = tr.selection, plain = tr.doc;
  try {
    return trackInto(tr, [tr], state, plain, selection, track.user, track.direct);
  } catch {
    // trackInto adds nothing before it can throw: appendTransaction then refuses the edit
    return tr;
  }
}

/**
 * The transaction for typing `text` over `from`-`to` in track mode when it can be made directly
 * (a collapsed cursor outside deleted text), else null (the edit then goes through the replay).
 */
export function trackedTextInput(state: EditorState, from: number, to: number, text: string, caret?: Selection): Transaction | null {
  const track = trackPluginKey.getState(state);
  if (!track?.enabled || from !== to) return null;
  const node = typedText(state.doc, from, text, state.storedMarks, track.user, Date.now());
  if (!node) return null;
  const tr = state.tr.insert(from, node);
  // `caret` (the browser's, on a document of the same size) or right after the text, never the
  // state's old selection mapped: it can be a stale one from before a click
  const after = from + node.nodeSize;
  const anchor = caret && caret.anchor <= tr.doc.content.size ? caret.anchor : after;
  const head = caret && caret.head <= tr.doc.content.size ? caret.head : after;
  // one resolve for a collapsed caret: resolving in a long document walks its top-level blocks
  const $anchor = tr.doc.resolve(anchor);
  tr.setSelection(TextSelection.between($anchor, head === anchor ? $anchor : tr.doc.resolve(head)));
  return tr.setMeta(trackPluginKey, { tracked: true } satisfies TrackMeta).scrollIntoView();
}

/** Why track mode took back the edit of the transactions ending in `tr` (an appended one), or null. */
export function trackRefusal(tr: Transaction): string | null {
  return (tr.getMeta(trackPluginKey) as TrackMeta | undefined)?.refused ?? null;
}

/** Whether track mode is on in `state` (false without the plugin). */
export function isTrackMode(state: EditorState): boolean {
  return trackPluginKey.getState(state)?.enabled ?? false;
}

/** The user edits are attributed to, or null without the plugin. */
export function trackUser(state: EditorState): TrackUser | null {
  return trackPluginKey.getState(state)?.user ?? null;
}

/** Command turning track mode on or off. */
export function setTrackMode(on: boolean): Command {
  return (state, dispatch) => {
    if (!trackPluginKey.getState(state)) return false;
    dispatch?.(state.tr.setMeta(trackPluginKey, { enabled: on } satisfies TrackMeta).setMeta('addToHistory', false));
    return true;
  };
}

/** Command changing the user edits are attributed to (e.g. after signing in). */
export function setTrackUser(user: TrackUser): Command {
  return (state, dispatch) => {
    if (!trackPluginKey.getState(state)) return false;
    dispatch?.(state.tr.setMeta(trackPluginKey, { user } satisfies TrackMeta).setMeta('addToHistory', false));
    return true;
  };
}

// Tracked formatting (Word's w:rPrChange): adding or removing bold, italic, underline,
// super/subscript or a link in track mode keeps a `formatChange` mark on the text with the
// formatting it had before (`before`). One mark per text: the user's own open change, changed
// again, keeps its id and its first `before`; formatting changed back to `before` drops it. The user's own suggested insertion takes
// formatting as part of the insertion, without a record. Reformatting text that carries someone
// else's record (or an agreed one) makes a record of one's own from the formatting as it was,
// with the other record kept inside it (`prior`): rejecting the new change gives it back.
import type { Mark, MarkType, Node as PMNode, Schema } from 'prosemirror-model';
import { AddMarkStep, RemoveMarkStep, type Step, type Transform } from 'prosemirror-transform';
import { FORMAT_MARKS, type FormatChangeAttrs, type FormatMarkJSON, type RevisionAttrs } from '../schema';
import { MAX_FORMAT_PRIORS } from '../schema-attrs';
import { formatChangeMark, formatChangeType, insertionMark, isOwnSuggestion, revisionAttrs, type TrackUser } from './revision';

const FORMAT_NAMES: ReadonlySet<string> = new Set(FORMAT_MARKS);

/** Whether `type` is one of the formatting marks whose changes are tracked. */
export function isFormatMark(type: MarkType): boolean {
  return FORMAT_NAMES.has(type.name);
}

/** A mark step (add or remove) of a tracked formatting mark. */
export function isFormatStep(step: Step): step is AddMarkStep | RemoveMarkStep {
  return (step instanceof AddMarkStep || step instanceof RemoveMarkStep) && isFormatMark(step.mark.type);
}

/** The formatting marks of a mark set, as `before` records them (sorted by type). */
export function formatOf(marks: readonly Mark[]): FormatMarkJSON[] {
  return marks
    .filter((m) => isFormatMark(m.type))
    .map((m) => (Object.keys(m.attrs).length ? { type: m.type.name, attrs: { ...m.attrs } } : { type: m.type.name }))
    .sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}

/** Whether two formatting lists are the same (attrs compared as JSON, missing and null alike). */
export function sameFormat(a: readonly FormatMarkJSON[], b: readonly FormatMarkJSON[]): boolean {
  return a.length === b.length && a.every((m, i) => m.type === b[i].type && attrsKey(m) === attrsKey(b[i]));
}

function attrsKey(m: FormatMarkJSON): string {
  const attrs = m.attrs ?? {};
  return JSON.stringify(Object.keys(attrs).sort().map((k) => [k, attrs[k] ?? null]));
}

/** The `before` list of a formatChange mark, made safe to read (anything malformed is dropped). */
export function beforeOf(mark: Mark): FormatMarkJSON[] {
  const before = mark.attrs.before as unknown;
  if (!Array.isArray(before)) return [];
  return before.filter((m): m is FormatMarkJSON => !!m && typeof m === 'object' && typeof (m as FormatMarkJSON).type === 'string');
}

/** The marks a `before` list stands for (entries the schema does not know, or not formatting, are left out). */
export function formatMarks(schema: Schema, before: readonly FormatMarkJSON[]): Mark[] {
  const marks: Mark[] = [];
  for (const m of before) {
    const type = schema.marks[m.type];
    if (!type || !isFormatMark(type)) continue;
    // a link without its address: nothing to give back
    if (type.name === 'link' && typeof m.attrs?.href !== 'string') continue;
    try {
      marks.push(type.create(m.attrs ?? null));
    } catch {
      // attrs the mark type refuses: left out
    }
  }
  return marks;
}

const NAMES: Record<string, string> = { strong: 'bold', em: 'italic', underline: 'underline', superscript: 'superscript', subscript: 'subscript', link: 'link' };

/** What changed from `before` to `now`, in words: ["bold", "not italic", "link changed"]. */
export function formatDifferences(before: readonly FormatMarkJSON[], now: readonly FormatMarkJSON[]): string[] {
  const words: string[] = [];
  for (const name of FORMAT_MARKS) {
    const was = before.find((m) => m.type === name), is = now.find((m) => m.type === name);
    if (is && !was) words.push(NAMES[name]);
    else if (was && !is) words.push(`not ${NAMES[name]}`);
    else if (was && is && attrsKey(was) !== attrsKey(is)) words.push(`${NAMES[name]} changed`);
  }
  return words;
}

/** One inline range of a mark step with what the step did to it. */
interface Segment {
  from: number;
  to: number;
  /** The formatChange the range gets, or null for none. */
  attrs: FormatChangeAttrs | null;
  /** An inline node with content (a footnote): the mark goes on the node itself. */
  node: boolean;
}

/** An inline node holding content (a footnote): formatted as a whole, its mark kept on the node. */
const isInlineHost = (node: PMNode) => node.isInline && !node.isLeaf;

/**
 * Apply the formatting step `step` (made on `tr.doc`) to `tr` as `user`'s tracked change: the
 * text it changed gets a `formatChange` mark saying what the formatting was, or loses it where
 * the formatting is back to that. `fresh` gives the attrs of a new change (one per edit, however
 * many steps it takes: a mark added across blocks is a step per block). Throws when the step does not apply.
 */
export function trackFormatStep(
  tr: Transform, step: AddMarkStep | RemoveMarkStep, user: TrackUser, time: number, fresh: () => RevisionAttrs = () => revisionAttrs(user, time),
): void {
  const before = tr.doc;
  const failed = tr.maybeStep(step).failed;
  if (failed) throw new Error(`track mode: a formatting change could not be made (${failed})`);
  const after = tr.doc;
  let attrsOfNew: RevisionAttrs | null = null;
  const segments: Segment[] = [];
  before.nodesBetween(step.from, step.to, (node, pos) => {
    if (!node.isInline) return true;
    const from = Math.max(pos, step.from), to = Math.min(pos + node.nodeSize, step.to);
    const changed = after.nodeAt(from);
    // a step inside a footnote's own text (its editor): that text is formatted, not the footnote
    if (isInlineHost(node) && from !== pos) return true;
    if (from >= to || !changed) return false;
    const was = formatOf(node.marks), now = formatOf(changed.marks);
    if (sameFormat(was, now) || isOwnSuggestion(insertionMark(node)?.attrs, user)) return false;
    const existing = formatChangeMark(node);
    let attrs: FormatChangeAttrs | null;
    if (existing && isOwnSuggestion(existing.attrs, user)) {
      // her own open change: it keeps its id and first `before`; back to that, it goes (and
      // gives back the record it replaced, if any)
      const original = beforeOf(existing);
      attrs = sameFormat(original, now)
        ? (existing.attrs.prior as FormatChangeAttrs | null) ?? null
        : { ...(existing.attrs as FormatChangeAttrs), before: original };
    } else {
      // a change of her own from the formatting as it is; someone else's (or an agreed) record
      // on the text is kept inside it, to come back when hers is rejected
      attrs = { ...(attrsOfNew ??= fresh()), before: was, prior: existing ? keptPrior(existing.attrs as FormatChangeAttrs) : null };
    }
    if (attrs || existing) segments.push({ from, to, attrs, node: isInlineHost(node) });
    return false;
  });
  for (const { from, to, attrs, node } of merged(segments)) {
    if (node) {
      if (attrs) tr.addNodeMark(from, formatChangeType.create(attrs));
      else tr.removeNodeMark(from, formatChangeType);
    } else if (attrs) tr.addMark(from, to, formatChangeType.create(attrs));
    else tr.removeMark(from, to, formatChangeType);
  }
}

/** `record` as the prior of a new change: at most MAX_FORMAT_PRIORS deep (the oldest records beyond go). */
function keptPrior(record: FormatChangeAttrs): FormatChangeAttrs {
  const chain: FormatChangeAttrs[] = [];
  for (let r: FormatChangeAttrs | null | undefined = record; r && chain.length < MAX_FORMAT_PRIORS; r = r.prior) chain.push(r);
  return chain.reduceRight<FormatChangeAttrs | null>((inner, r) => ({ ...r, prior: inner }), null)!;
}

/** Adjacent segments getting the same mark, as one. */
function merged(segments: Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const s of segments) {
    const last = out[out.length - 1];
    if (last && !last.node && !s.node && last.to === s.from && JSON.stringify(last.attrs) === JSON.stringify(s.attrs)) last.to = s.to;
    else out.push({ ...s });
  }
  return out;
}

/**
 * Reject: give the inline node at `pos` of `tr.doc` (carrying the formatChange `mark`) back its
 * `before` formatting, without the record. A footnote gets it on itself and on its text.
 */
export function restoreFormat(tr: Transform, pos: number, node: PMNode, mark: Mark, ids: ReadonlySet<string> = new Set([mark.attrs.id])): void {
  // the records it replaced that are rejected too go with it: the formatting goes back before them
  let record = mark.attrs as FormatChangeAttrs;
  while (record.prior && ids.has(record.prior.id)) record = record.prior;
  const before = formatMarks(node.type.schema, Array.isArray(record.before) ? record.before : []);
  const prior = record.prior ? formatChangeType.create(record.prior) : null;
  if (isInlineHost(node)) {
    for (const m of node.marks) if (isFormatMark(m.type)) tr.removeNodeMark(pos, m);
    for (const m of before) tr.addNodeMark(pos, m);
    if (prior) tr.addNodeMark(pos, prior);
    else tr.removeNodeMark(pos, formatChangeType);
    const from = pos + 1, to = pos + node.nodeSize - 1;
    for (const type of FORMAT_MARKS) if (from < to) tr.removeMark(from, to, node.type.schema.marks[type]);
    for (const m of before) if (from < to) tr.addMark(from, to, m);
    return;
  }
  const to = pos + node.nodeSize;
  for (const m of node.marks) if (isFormatMark(m.type)) tr.removeMark(pos, to, m);
  for (const m of before) tr.addMark(pos, to, m);
  if (prior) tr.addMark(pos, to, prior);
  else tr.removeMark(pos, to, formatChangeType);
}

/** Accept or agree on the inline node at `pos`: drop the record, or mark it agreed. */
export function settleFormat(
  tr: Transform, pos: number, node: PMNode, mark: Mark, action: 'agree' | 'accept', ids: ReadonlySet<string> = new Set([mark.attrs.id]),
): void {
  // accepting it keeps the records it replaced that are not accepted with it
  let prior = (mark.attrs as FormatChangeAttrs).prior;
  while (action === 'accept' && prior && ids.has(prior.id)) prior = prior.prior;
  const agreed = action === 'agree' ? formatChangeType.create({ ...mark.attrs, status: 'agreed' }) : prior ? formatChangeType.create(prior) : null;
  if (isInlineHost(node)) {
    if (agreed) tr.addNodeMark(pos, agreed);
    else tr.removeNodeMark(pos, mark);
  } else if (agreed) tr.addMark(pos, pos + node.nodeSize, agreed);
  else tr.removeMark(pos, pos + node.nodeSize, mark);
}

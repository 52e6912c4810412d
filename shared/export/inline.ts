// Inline content of a textblock -> laid-out runs: marks become run styles, revision marks are
// shown, applied or rejected as the policy says (formatting changes too: resolveFormat), footnotes
// carry their own runs.
import type { Mark, Node as PMNode } from 'prosemirror-model';
import type { RevisionAttrs } from '../schema';
import { revisionMark } from '../model/revision-scan';
import { beforeOf, formatMarks } from '../track/format-change';
import { text, type FootnoteNumbers, type Inline, type RunStyle, type ShownFormat, type ShownRevision } from './layout';
import { shownBy, shownRevision, treatment, type Policy, type Region } from './policy';

export interface InlineContext {
  policy: Policy;
  region: Region;
  /** A shown revision of the enclosing block or footnote, for text that has no revision of its own. */
  inherited: ShownRevision | null;
  /** The footnote numbering the text is in. */
  notes: FootnoteNumbers;
}

/** A footnote with no text (an empty conversion artefact) is never exported as a blank numbered note. */
function isEmptyFootnote(node: PMNode): boolean {
  return !/\S/.test(node.textContent);
}

function runStyle(marks: readonly Mark[]): RunStyle {
  const style: RunStyle = {};
  for (const mark of marks) {
    switch (mark.type.name) {
      case 'strong': style.bold = true; break;
      case 'em': style.italic = true; break;
      case 'underline': style.underline = true; break;
      case 'superscript': style.superscript = true; break;
      case 'subscript': style.subscript = true; break;
      case 'link': style.link = String(mark.attrs.href ?? ''); break;
    }
  }
  return style;
}

/**
 * How an inline node with these marks appears: `null` when the policy removes it, else the
 * revision it is shown with (or null for plain text).
 */
export function resolveMarks(marks: readonly Mark[], ctx: InlineContext): { revision: ShownRevision | null; inserted?: ShownRevision } | null {
  const ins = revisionMark(marks, 'insertion');
  const del = revisionMark(marks, 'deletion');
  let revision: ShownRevision | null = null;
  let inserted: ShownRevision | undefined;
  if (ins) {
    const attrs = ins.attrs as RevisionAttrs;
    const t = treatment(ctx.policy, attrs.status, ctx.region);
    if (t === 'base') return null;
    if (t === 'show') revision = shownRevision(ctx.policy, 'insertion', attrs);
  }
  if (del) {
    const attrs = del.attrs as RevisionAttrs;
    const t = treatment(ctx.policy, attrs.status, ctx.region);
    if (t === 'apply') return null;
    // Text inserted and then deleted shows as the deletion; the review copy keeps the insertion
    // under it (Word's w:ins around w:del), so both changes survive a round trip.
    if (t === 'show') {
      if (revision && ctx.policy.format === 'review') inserted = revision;
      revision = shownRevision(ctx.policy, 'deletion', attrs);
    }
  }
  if (ctx.inherited && (!revision || ctx.inherited.kind === 'deletion')) revision = ctx.inherited;
  return inserted && revision?.kind === 'deletion' ? { revision, inserted } : { revision };
}

/**
 * The run style of text with these marks, and its formatting change when the policy shows it:
 * a shown change keeps the current style and says the style before, an applied one keeps the
 * current style, one left at its base gives the style before.
 */
export function resolveFormat(marks: readonly Mark[], ctx: InlineContext): { style: RunStyle; format?: ShownFormat } {
  const change = revisionMark(marks, 'format');
  const style = runStyle(marks);
  if (!change) return { style };
  const attrs = change.attrs as RevisionAttrs;
  const before = runStyle(formatMarks(change.type.schema, beforeOf(change)));
  switch (treatment(ctx.policy, attrs.status, ctx.region)) {
    case 'show': return { style, format: { ...shownBy(ctx.policy, attrs), before } };
    case 'apply': return { style };
    case 'base': return { style: before };
  }
}

/** The runs of a textblock's (or footnote's) inline content. */
export function inlinesOf(block: PMNode, ctx: InlineContext): Inline[] {
  const out: Inline[] = [];
  block.forEach((node) => {
    const shown = resolveMarks(node.marks, ctx);
    if (!shown) return;
    if (node.isText) {
      const { style, format } = resolveFormat(node.marks, ctx);
      out.push(...text(node.text ?? '', style, shown.revision, format, shown.inserted));
    } else if (node.type.name === 'hard_break') {
      out.push({ type: 'break', revision: shown.revision });
    } else if (node.type.name === 'footnote' && !isEmptyFootnote(node)) {
      const mark = ctx.notes.next();
      out.push({ type: 'footnote', mark, content: inlinesOf(node, { ...ctx, inherited: shown.revision }), revision: shown.revision });
    }
  });
  return out;
}

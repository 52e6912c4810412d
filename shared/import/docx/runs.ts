// The inline content of one Word paragraph: runs (w:r) with their formatting, tabs, breaks,
// footnote references, hyperlinks and revisions (w:ins, w:del, w:moveTo, w:moveFrom, w:rPrChange) -> inline
// nodes with marks, in the shape the text importer's source lines hold.
import type { Element } from '@xmldom/xmldom';
import type { Mark, Node as PMNode } from 'prosemirror-model';
import { schema } from '../../schema';
import { isSafeHref } from '../../schema-attrs';
import { formatOf, sameFormat } from '../../track/format-change';
import type { Inline } from '../inline';
import type { Numbering } from './numbering';
import type { DocxRevisions } from './revisions';
import { R, W, elements, onOff, wAttr, wChild } from './xml';

export interface RunContext {
  revisions: DocxRevisions;
  /** Relationship id -> target (hyperlinks). */
  relationships: ReadonlyMap<string, string>;
  /** The content of the footnote with this w:id (empty when the package has none). */
  footnote(id: string): PMNode[];
  /** Automatic list numbering of the document. */
  numbering: Numbering;
}

/** Elements whose content is read as if it stood in their parent (content controls, smart tags ...). */
const TRANSPARENT = new Set(['smartTag', 'customXml', 'fldSimple', 'dir', 'bdo', 'sdtContent']);

/** Reads the inline content of a w:p (or any element holding runs). */
export function readRuns(parent: Element, ctx: RunContext): Inline[] {
  const out: Inline[] = [];
  walk(parent, [], ctx, out);
  return out;
}

function walk(parent: Element, marks: readonly Mark[], ctx: RunContext, out: Inline[]): void {
  for (const el of elements(parent)) {
    if (el.namespaceURI !== W) continue;
    switch (el.localName) {
      case 'r':
        readRun(el, marks, ctx, out);
        break;
      case 'ins': case 'moveTo':
        walk(el, [...marks, ctx.revisions.mark('insertion', el)], ctx, out);
        break;
      case 'del': case 'moveFrom':
        walk(el, [...marks, ctx.revisions.mark('deletion', el)], ctx, out);
        break;
      case 'hyperlink': {
        const href = hyperlinkTarget(el, ctx);
        walk(el, href ? [...marks, schema.marks.link.create({ href })] : marks, ctx, out);
        break;
      }
      case 'sdt':
        walk(wChild(el, 'sdtContent') ?? el, marks, ctx, out);
        break;
      default:
        if (el.localName && TRANSPARENT.has(el.localName)) walk(el, marks, ctx, out);
    }
  }
}

function hyperlinkTarget(el: Element, ctx: RunContext): string | null {
  const id = el.getAttributeNS(R, 'id') || el.getAttribute('r:id');
  const anchor = wAttr(el, 'anchor');
  const href = id ? ctx.relationships.get(id) : anchor ? `#${anchor}` : undefined;
  return href && isSafeHref(href) ? href : null;
}

/** The formatting marks a run's w:rPr asks for. */
function formatting(rPr: Element | null): Mark[] {
  const marks: Mark[] = [];
  if (!rPr) return marks;
  if (onOff(rPr, 'b')) marks.push(schema.marks.strong.create());
  if (onOff(rPr, 'i')) marks.push(schema.marks.em.create());
  const u = wChild(rPr, 'u');
  if (u && (wAttr(u, 'val') ?? 'single') !== 'none') marks.push(schema.marks.underline.create());
  const vert = wAttr(wChild(rPr, 'vertAlign'), 'val');
  if (vert === 'superscript') marks.push(schema.marks.superscript.create());
  else if (vert === 'subscript') marks.push(schema.marks.subscript.create());
  return marks;
}

/**
 * The formatChange mark for a run whose w:rPr holds a w:rPrChange (Word's tracked formatting):
 * `before` is the formatting of the w:rPr inside it, with the run's link (not a run property),
 * or null when the formatting did not change after all.
 */
function formatChange(rPr: Element | null, set: readonly Mark[], outer: readonly Mark[], ctx: RunContext): Mark | null {
  const change = rPr && wChild(rPr, 'rPrChange');
  if (!change) {
    ctx.revisions.unformatted();
    return null;
  }
  const links = outer.filter((m) => m.type === schema.marks.link);
  const before = formatOf([...links, ...formatting(wChild(change, 'rPr'))]);
  return sameFormat(before, formatOf(set)) ? null : ctx.revisions.formatMark(change, before);
}

/**
 * A run in the footnote-reference character style holding no reference: a note's own number at the
 * start of its body, or a custom mark after its reference. Footnotes carry their numbers themselves.
 */
function isNoteMark(run: Element): boolean {
  const style = wAttr(wChild(wChild(run, 'rPr'), 'rStyle'), 'val');
  return !!style && /^footnote\s*reference$/i.test(style) && !wChild(run, 'footnoteReference');
}

function readRun(run: Element, outer: readonly Mark[], ctx: RunContext, out: Inline[]): void {
  if (isNoteMark(run)) return;
  // After a reference with a custom mark (w:customMarkFollows), the run's text is that mark.
  let customMark = false;
  let set: readonly Mark[] = [];
  const rPr = wChild(run, 'rPr');
  for (const mark of [...outer, ...formatting(rPr)]) set = mark.addToSet(set);
  const change = formatChange(rPr, set, outer, ctx);
  if (change) set = change.addToSet(set);
  const revised = set.some((m) => m.type === schema.marks.insertion || m.type === schema.marks.deletion);
  const emit = (node: PMNode) => {
    if (!revised) ctx.revisions.plain();
    out.push(node);
  };
  const text = (value: string) => {
    if (value) emit(schema.text(value, set));
  };
  for (const el of elements(run)) {
    if (el.namespaceURI !== W) continue;
    switch (el.localName) {
      case 't': case 'delText': if (!customMark) text(el.textContent ?? ''); break;
      case 'tab': case 'ptab': text('\t'); break;
      case 'noBreakHyphen': text('\u2011'); break;
      case 'cr': emit(schema.nodes.hard_break.create(null, null, set)); break;
      case 'br':
        // Page and column breaks are layout; a text-wrapping break is a line break.
        if ((wAttr(el, 'type') ?? 'textWrapping') === 'textWrapping') emit(schema.nodes.hard_break.create(null, null, set));
        break;
      case 'footnoteReference': {
        const id = wAttr(el, 'id');
        // The reference carries only its revision: its superscript is the footnote's own look.
        if (id !== null) emit(schema.nodes.footnote.create(null, ctx.footnote(id), set.filter((m) => m.type.name === 'insertion' || m.type.name === 'deletion')));
        customMark = ['1', 'true', 'on'].includes((wAttr(el, 'customMarkFollows') ?? '').toLowerCase());
        break;
      }
      default: break; // field codes, the footnote's own number mark, page-break hints, drawings
    }
  }
}

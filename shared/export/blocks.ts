// Block nodes -> laid-out paragraphs and tables: ITU style per node, block revisions (`track`)
// shown as paragraph-mark revisions, or applied/rejected by joining paragraphs as Word would.
import type { Attrs, Node as PMNode } from 'prosemirror-model';
import { blockRevisions } from '../model/revision-scan';
import { inlinesOf } from './inline';
import type { Block, FootnoteNumbers, Para, ParaStyle, ShownRevision, TableLayout } from './layout';
import { shownRevision, treatment, type Policy, type Region } from './policy';

export interface BlockContext {
  policy: Policy;
  region: Region;
  /** Shown paragraph-mark revision of an enclosing container (a whole inserted resolution). */
  inherited: ShownRevision | null;
  /** Footnote numbering: restarted at each resolution. */
  notes: FootnoteNumbers;
}

/** How one block node appears once its own revisions are resolved. */
export interface BlockView {
  /** The node's attributes as shown (the old ones when an attribute change is left out). */
  attrs: Attrs;
  typeName: string;
  /** Shown revision of the paragraph mark. */
  mark: ShownRevision | null;
  /** Its paragraph mark goes away: an applied deletion joins it to the next block. */
  joinNext: boolean;
  /** Its paragraph mark never was: a rejected insertion joins it to the previous block. */
  joinPrev: boolean;
  /** The attributes before a shown attribute change. */
  former: { attrs: Attrs; typeName: string; revision: ShownRevision } | null;
}

function oldTypeName(old: Attrs): string | null {
  for (const key of ['type', 'typeName', 'nodeType']) if (typeof old[key] === 'string') return old[key] as string;
  return null;
}

export function viewBlock(node: PMNode, ctx: Pick<BlockContext, 'policy' | 'region'>): BlockView {
  const view: BlockView = { attrs: node.attrs, typeName: node.type.name, mark: null, joinNext: false, joinPrev: false, former: null };
  for (const rev of blockRevisions(node)) {
    const t = treatment(ctx.policy, rev.status, ctx.region);
    if (rev.kind === 'insertion') {
      if (t === 'base') view.joinPrev = true;
      else if (t === 'show' && !view.mark) view.mark = shownRevision(ctx.policy, 'insertion', rev);
    } else if (rev.kind === 'deletion') {
      if (t === 'apply') view.joinNext = true;
      else if (t === 'show') view.mark = shownRevision(ctx.policy, 'deletion', rev);
    } else {
      const old: Attrs = { ...node.attrs, ...(rev.old ?? {}) };
      const typeName = oldTypeName(rev.old ?? {}) ?? node.type.name;
      if (t === 'base') Object.assign(view, { attrs: old, typeName });
      else if (t === 'show') view.former = { attrs: old, typeName, revision: shownRevision(ctx.policy, 'insertion', rev) };
    }
  }
  return view;
}

function clamp(value: unknown, min: number, max: number): number {
  const n = Number(value);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, Math.round(n))) : min;
}

/** The ITU paragraph style of a textblock type with these attributes. */
export function styleOf(typeName: string, attrs: Attrs): ParaStyle {
  switch (typeName) {
    case 'heading': return `Heading${clamp(attrs.level, 1, 3)}` as ParaStyle;
    case 'item': return `Item${clamp(attrs.level, 0, 3)}` as ParaStyle;
    case 'call_heading': return 'CallHeading';
    case 'number_line': return 'NumberLine';
    case 'title': return 'ResTitle';
    case 'reasons': return 'Reasons';
    default: return 'Normal';
  }
}

interface Pending {
  block: Block;
  joinNext: boolean;
  joinPrev: boolean;
}

/**
 * Applies the joins among siblings: a rejected inserted paragraph mark joins the block to the
 * previous one; an applied deleted paragraph mark hands the block's text to the next one, which
 * keeps its own style (Word's surviving mark). A block with nothing left and nowhere to go disappears.
 */
function joinSiblings(pending: Pending[]): Block[] {
  const kept: Pending[] = [];
  for (const item of pending) {
    const prev = kept[kept.length - 1];
    if (item.joinPrev && item.block.type === 'para') {
      if (prev?.block.type === 'para') prev.block.inlines.push(...item.block.inlines);
      else if (item.block.inlines.length) kept.push({ ...item, joinPrev: false });
      continue;
    }
    kept.push(item);
  }
  const out: Block[] = [];
  let carry: Para['inlines'] = [];
  kept.forEach(({ block, joinNext }, i) => {
    if (block.type !== 'para') return void out.push(block);
    block.inlines.unshift(...carry);
    carry = [];
    if (!joinNext) return void out.push(block);
    if (kept[i + 1]?.block.type === 'para') carry = block.inlines;
    else if (block.inlines.length) out.push(block);
  });
  return out;
}

function textblockPara(node: PMNode, view: BlockView, ctx: BlockContext): Para {
  const style = styleOf(view.typeName, view.attrs);
  const out: Para = { type: 'para', style, inlines: inlinesOf(node, { ...ctx, inherited: null }), mark: view.mark ?? ctx.inherited };
  const align = view.attrs.align;
  if (align === 'center' || align === 'right' || align === 'justify' || align === 'left') out.align = align;
  if (view.former) {
    const former = styleOf(view.former.typeName, view.former.attrs);
    if (former !== style) out.formerStyle = { style: former, revision: view.former.revision };
  }
  return out;
}

function tableLayout(node: PMNode, ctx: BlockContext): TableLayout {
  const rows: TableLayout['rows'] = [];
  node.forEach((row) => {
    const cells: TableLayout['rows'][number]['cells'] = [];
    row.forEach((cell) => {
      const paras = blocksOf(cell.content.content, ctx).filter((b): b is Para => b.type === 'para');
      cells.push({
        header: cell.type.name === 'table_header',
        colspan: clamp(cell.attrs.colspan ?? 1, 1, 63),
        rowspan: clamp(cell.attrs.rowspan ?? 1, 1, 1000),
        paras: paras.length ? paras : [{ type: 'para', style: 'Normal', inlines: [], mark: null }],
      });
    });
    rows.push({ cells });
  });
  return { type: 'table', rows };
}

/** Lays out a run of sibling block nodes; containers (resolutions) are flattened into their blocks. */
export function blocksOf(nodes: readonly PMNode[], ctx: BlockContext): Block[] {
  const pending: Pending[] = [];
  for (const node of nodes) {
    const view = viewBlock(node, ctx);
    if (node.isTextblock) {
      pending.push({ block: textblockPara(node, view, ctx), joinNext: view.joinNext, joinPrev: view.joinPrev });
    } else if (node.type.name === 'table') {
      pending.push({ block: tableLayout(node, ctx), joinNext: false, joinPrev: false });
    } else if (!view.joinNext && !view.joinPrev) {
      // Footnotes are numbered per resolution.
      if (node.type.name === 'resolution') ctx.notes.restart();
      // A container deleted (and applied) or inserted (and rejected) as a whole goes with its content.
      for (const block of blocksOf(node.content.content, { ...ctx, inherited: view.mark ?? ctx.inherited })) {
        pending.push({ block, joinNext: false, joinPrev: false });
      }
    }
  }
  return joinSiblings(pending);
}

// The ProseMirror schema of an ITU proposals document: the one definition of the document.
// Node and mark names here are the names every other module, test and tool relies on.
import { Schema, type NodeSpec, type MarkSpec, type Attrs, type DOMOutputSpec } from 'prosemirror-model';
import { tableNodes } from 'prosemirror-tables';
import { dateTime, finiteNumber, revisionStatus, string, stringOrNull, validateFormatBefore, validateFormatPrior, validateHref, validateTrack } from './schema-attrs';

/** Action symbols of ITU proposals (see ITU-FORMAT.md). */
export const ACTIONS = ['MOD', '(MOD)', 'ADD', 'ADD*', 'SUP', 'SUP*', 'NOC'] as const;
export type Action = (typeof ACTIONS)[number];

/** Kinds of provision a `resolution` node can hold. */
export const RESOLUTION_KINDS = ['RESOLUTION', 'DECISION', 'RECOMMENDATION', 'QUESTION', 'OPINION'] as const;
export type ResolutionKind = (typeof RESOLUTION_KINDS)[number];

/** Cover-page fields, in the order they are shown. */
export const COVER_FIELDS = [
  'conference', 'meeting', 'document', 'date', 'original', 'source', 'title',
  'agenda', 'summary', 'expected', 'references', 'abstract', 'other',
] as const;
export type CoverFieldName = (typeof COVER_FIELDS)[number];

export type ChangeStatus = 'suggested' | 'agreed';

/** Attributes shared by the `insertion` and `deletion` marks. */
export interface RevisionAttrs {
  id: string;
  author: string;
  authorName: string;
  time: number;
  status: ChangeStatus;
}

/** The formatting marks whose changes are tracked (`formatChange`), in the order they are named. */
export const FORMAT_MARKS = ['strong', 'em', 'underline', 'superscript', 'subscript', 'link'] as const;
export type FormatMarkName = (typeof FORMAT_MARKS)[number];

/** One formatting mark as a `formatChange` records it: its type and, for a link, its attrs. */
export interface FormatMarkJSON {
  type: string;
  attrs?: Attrs;
}

/**
 * The `formatChange` mark's attrs: a tracked change of formatting (Word's w:rPrChange). `before`
 * names the formatting marks the text carried before the change, sorted by type.
 */
export interface FormatChangeAttrs extends RevisionAttrs {
  before: FormatMarkJSON[];
  /**
   * The record this one replaced: someone else's (or an agreed) formatChange on the same text
   * when this author reformatted it. Rejecting this change gives it back; null when none.
   */
  prior?: FormatChangeAttrs | null;
}

/**
 * A block-level revision kept in a block node's `track` attribute: the block itself was
 * inserted, its paragraph mark was deleted (`deletion`), or its attributes changed
 * (`attribute`, with the `old` values). Export turns these into Word paragraph-mark revisions.
 */
export interface BlockRevision extends RevisionAttrs {
  kind: 'insertion' | 'deletion' | 'attribute';
  old?: Attrs;
}

const track = { default: null as BlockRevision[] | null, validate: validateTrack };
const str = (name: string, fallback = '') => ({ default: fallback, validate: string(name) });

/** DOM attribute for a block's revisions, so the view can style inserted/deleted blocks. */
function trackDOM(attrs: Attrs): Record<string, string> {
  const revs = attrs.track as BlockRevision[] | null;
  if (!revs?.length) return {};
  return { 'data-track': revs.map((r) => `${r.kind}:${r.status}`).join(' ') };
}

function textBlock(tag: string, cls: string, extra: NodeSpec = {}): NodeSpec {
  return {
    content: 'inline*',
    attrs: { track },
    parseDOM: [{ tag: `${tag}.${cls}` }],
    toDOM: (node): DOMOutputSpec => [tag, { class: cls, ...trackDOM(node.attrs) }, 0],
    ...extra,
  };
}

const nodes: Record<string, NodeSpec> = {
  doc: { content: 'cover? block*' },

  cover: {
    content: 'cover_field+',
    isolating: true,
    parseDOM: [{ tag: 'section.cover' }],
    toDOM: () => ['section', { class: 'cover' }, 0],
  },
  cover_field: {
    content: 'inline*',
    attrs: { name: str('name', 'other') },
    parseDOM: [{ tag: 'p.cover-field', getAttrs: (dom) => ({ name: (dom as HTMLElement).dataset.name ?? 'other' }) }],
    toDOM: (node) => ['p', { class: 'cover-field', 'data-name': node.attrs.name }, 0],
  },

  proposal: {
    group: 'block',
    content: '(paragraph | heading | item | call_heading | table | resolution)* reasons?',
    attrs: { action: str('action', 'MOD'), ref: str('ref'), heading: str('heading'), track },
    isolating: true,
    defining: true,
    parseDOM: [{
      tag: 'section.proposal',
      getAttrs: (dom) => {
        const d = (dom as HTMLElement).dataset;
        return { action: d.action ?? 'MOD', ref: d.ref ?? '', heading: d.heading ?? '' };
      },
    }],
    toDOM: (node) => ['section', {
      class: 'proposal', 'data-action': node.attrs.action, 'data-ref': node.attrs.ref,
      'data-heading': node.attrs.heading, ...trackDOM(node.attrs),
    }, 0],
  },

  resolution: {
    group: 'block',
    content: 'number_line title? (paragraph | heading | call_heading | item | table)*',
    attrs: { kind: str('kind', 'RESOLUTION'), number: str('number'), track },
    isolating: true,
    defining: true,
    parseDOM: [{
      tag: 'section.resolution',
      getAttrs: (dom) => {
        const d = (dom as HTMLElement).dataset;
        return { kind: d.kind ?? 'RESOLUTION', number: d.number ?? '' };
      },
    }],
    toDOM: (node) => ['section', {
      class: 'resolution', 'data-kind': node.attrs.kind, 'data-number': node.attrs.number, ...trackDOM(node.attrs),
    }, 0],
  },
  number_line: textBlock('p', 'number-line'),
  title: textBlock('p', 'res-title'),
  call_heading: textBlock('p', 'call-heading'),

  item: {
    ...textBlock('p', 'item'),
    attrs: { level: { default: 0, validate: finiteNumber('level') }, track },
    parseDOM: [{ tag: 'p.item', getAttrs: (dom) => ({ level: Number((dom as HTMLElement).dataset.level ?? 0) }) }],
    toDOM: (node) => ['p', { class: 'item', 'data-level': String(node.attrs.level), ...trackDOM(node.attrs) }, 0],
  },
  reasons: textBlock('p', 'reasons'),

  paragraph: {
    group: 'block',
    content: 'inline*',
    attrs: { align: { default: null, validate: stringOrNull('align') }, track },
    parseDOM: [{ tag: 'p', getAttrs: (dom) => ({ align: (dom as HTMLElement).style.textAlign === 'center' ? 'center' : null }) }],
    toDOM: (node) => ['p', { ...(node.attrs.align ? { style: `text-align: ${node.attrs.align}` } : {}), ...trackDOM(node.attrs) }, 0],
  },
  heading: {
    group: 'block',
    content: 'inline*',
    attrs: { level: { default: 1, validate: finiteNumber('level') }, track },
    defining: true,
    parseDOM: [1, 2, 3].map((level) => ({ tag: `h${level}`, attrs: { level } })),
    toDOM: (node) => [`h${node.attrs.level}`, trackDOM(node.attrs), 0],
  },

  ...tableNodes({ tableGroup: 'block', cellContent: 'paragraph+', cellAttributes: {} }),

  text: { group: 'inline' },
  hard_break: {
    inline: true,
    group: 'inline',
    selectable: false,
    parseDOM: [{ tag: 'br' }],
    toDOM: () => ['br'],
  },
  footnote: {
    inline: true,
    group: 'inline',
    content: 'text*',
    marks: '_',
    atom: true,
    parseDOM: [{ tag: 'span.footnote' }],
    toDOM: () => ['span', { class: 'footnote' }, 0],
  },
};

const revisionAttrs = {
  id: str('id'),
  author: str('author'),
  authorName: str('authorName'),
  time: { default: 0, validate: dateTime('time') },
  status: { default: 'suggested', validate: revisionStatus },
};

function revisionMark(tag: 'ins' | 'del'): MarkSpec {
  return {
    attrs: revisionAttrs,
    inclusive: false,
    parseDOM: [{
      tag,
      getAttrs: (dom) => {
        const d = (dom as HTMLElement).dataset;
        return { id: d.id ?? '', author: d.author ?? '', authorName: d.authorName ?? '', time: Number(d.time ?? 0), status: d.status ?? 'suggested' };
      },
    }],
    toDOM: (mark) => [tag, {
      'data-id': mark.attrs.id, 'data-author': mark.attrs.author, 'data-author-name': mark.attrs.authorName,
      'data-time': String(mark.attrs.time), 'data-status': mark.attrs.status,
      title: `${mark.attrs.authorName || mark.attrs.author}, ${new Date(mark.attrs.time).toLocaleString()}`,
    }],
  };
}

/**
 * A formatting change: the text whose bold, italic, underline, super/subscript or link changed,
 * with the formatting it had before (`before`). Not inclusive: text typed at its edge is not part of it.
 */
const formatChange: MarkSpec = {
  attrs: {
    ...revisionAttrs,
    before: { default: [], validate: validateFormatBefore(FORMAT_MARKS) },
    prior: { default: null, validate: validateFormatPrior(FORMAT_MARKS) },
  },
  inclusive: false,
  parseDOM: [{
    tag: 'span.format-change',
    getAttrs: (dom) => {
      const d = (dom as HTMLElement).dataset;
      let before: unknown = [], prior: unknown = null;
      try { before = JSON.parse(d.before ?? '[]'); } catch { before = []; }
      try { prior = JSON.parse(d.prior ?? 'null'); } catch { prior = null; }
      try { validateFormatPrior(FORMAT_MARKS)(prior); } catch { prior = null; }
      return {
        id: d.id ?? '', author: d.author ?? '', authorName: d.authorName ?? '', time: Number(d.time ?? 0),
        status: d.status ?? 'suggested', before: Array.isArray(before) ? before : [], prior,
      };
    },
  }],
  toDOM: (mark) => ['span', {
    class: 'format-change', 'data-id': mark.attrs.id, 'data-author': mark.attrs.author, 'data-author-name': mark.attrs.authorName,
    'data-time': String(mark.attrs.time), 'data-status': mark.attrs.status, 'data-before': JSON.stringify(mark.attrs.before ?? []),
    ...(mark.attrs.prior ? { 'data-prior': JSON.stringify(mark.attrs.prior) } : {}),
  }],
};

const marks: Record<string, MarkSpec> = {
  insertion: revisionMark('ins'),
  deletion: revisionMark('del'),
  formatChange,
  link: {
    attrs: { href: { validate: validateHref }, title: { default: null, validate: stringOrNull('title') } },
    inclusive: false,
    parseDOM: [{ tag: 'a[href]', getAttrs: (dom) => ({ href: (dom as HTMLElement).getAttribute('href'), title: (dom as HTMLElement).getAttribute('title') }) }],
    toDOM: (mark) => ['a', { href: mark.attrs.href, title: mark.attrs.title }, 0],
  },
  strong: {
    parseDOM: [{ tag: 'strong' }, { tag: 'b' }, { style: 'font-weight=bold' }],
    toDOM: () => ['strong', 0],
  },
  em: {
    parseDOM: [{ tag: 'em' }, { tag: 'i' }, { style: 'font-style=italic' }],
    toDOM: () => ['em', 0],
  },
  underline: {
    parseDOM: [{ tag: 'u' }, { style: 'text-decoration=underline' }],
    toDOM: () => ['u', 0],
  },
  superscript: {
    excludes: 'subscript superscript',
    parseDOM: [{ tag: 'sup' }],
    toDOM: () => ['sup', 0],
  },
  subscript: {
    excludes: 'superscript subscript',
    parseDOM: [{ tag: 'sub' }],
    toDOM: () => ['sub', 0],
  },
};

export const schema = new Schema({ nodes, marks });

// Word revisions (w:ins, w:del, paragraph-mark revisions, w:rPrChange) -> our revision marks and block records.
// Every revision is 'agreed' (it is part of the document as submitted), authored by its w:author,
// at Date.parse(w:date). Ids are 'docx-1', 'docx-2' ... in document order; revisions of one kind,
// author and date that follow each other with no unrevised content between are one change
// (Word writes one w:ins per run, and one per paragraph of a change spanning paragraphs).
import type { Element } from '@xmldom/xmldom';
import type { Attrs, Mark } from 'prosemirror-model';
import { schema, type BlockRevision, type FormatMarkJSON, type RevisionAttrs } from '../../schema';
import { wAttr } from './xml';

export type RevisionKind = 'insertion' | 'deletion';

export class DocxRevisions {
  private next = 1;
  private open: { key: string; attrs: RevisionAttrs } | null = null;
  /** The open formatting change (w:rPrChange), kept apart: it runs alongside an open w:ins or w:del. */
  private openFormat: { key: string; attrs: RevisionAttrs } | null = null;

  /** The attrs of the revision recorded by `el` (a w:ins or w:del), continuing the open change when it matches. */
  attrs(kind: RevisionKind, el: Element): RevisionAttrs {
    const open = this.continued(kind, el, this.open);
    this.open = open;
    return open.attrs;
  }

  private continued(kind: string, el: Element, open: { key: string; attrs: RevisionAttrs } | null): { key: string; attrs: RevisionAttrs } {
    const author = wAttr(el, 'author') ?? '';
    const date = wAttr(el, 'date') ?? '';
    const key = `${kind}\n${author}\n${date}`;
    if (open?.key === key) return open;
    const time = date ? Date.parse(date) : 0;
    return { key, attrs: { id: `docx-${this.next++}`, author, authorName: author, time: Number.isFinite(time) ? time : 0, status: 'agreed' } };
  }

  /**
   * The formatChange mark of a run's w:rPrChange `el`, `before` the formatting it records; runs
   * of one author and date next to each other are one change.
   */
  formatMark(el: Element, before: FormatMarkJSON[]): Mark {
    this.openFormat = this.continued('format', el, this.openFormat);
    return schema.marks.formatChange.create({ ...this.openFormat.attrs, before });
  }

  mark(kind: RevisionKind, el: Element): Mark {
    return schema.marks[kind].create(this.attrs(kind, el));
  }

  block(kind: RevisionKind, el: Element): BlockRevision {
    return { kind, ...this.attrs(kind, el) };
  }

  /** A change of the paragraph's properties (w:pPrChange): a change of its own, `old` the markup before. */
  attribute(el: Element, old: Attrs): BlockRevision {
    const open = this.open;
    this.open = null;
    const attrs = this.attrs('insertion', el);
    this.open = open;
    return { kind: 'attribute', ...attrs, old };
  }

  /** Unrevised content was read: the next revision is a change of its own. */
  plain(): void {
    this.open = null;
  }

  /** A run without a formatting change was read: the next w:rPrChange is a change of its own. */
  unformatted(): void {
    this.openFormat = null;
  }
}

// Word revisions (w:ins, w:del, paragraph-mark revisions) -> our revision marks and block records.
// Every revision is 'agreed' (it is part of the document as submitted), authored by its w:author,
// at Date.parse(w:date). Ids are 'docx-1', 'docx-2' ... in document order; revisions of one kind,
// author and date that follow each other with no unrevised content between are one change
// (Word writes one w:ins per run, and one per paragraph of a change spanning paragraphs).
import type { Element } from '@xmldom/xmldom';
import type { Attrs, Mark } from 'prosemirror-model';
import { schema, type BlockRevision, type RevisionAttrs } from '../../schema';
import { wAttr } from './xml';

export type RevisionKind = 'insertion' | 'deletion';

export class DocxRevisions {
  private next = 1;
  private open: { key: string; attrs: RevisionAttrs } | null = null;

  /** The attrs of the revision recorded by `el` (a w:ins or w:del), continuing the open change when it matches. */
  attrs(kind: RevisionKind, el: Element): RevisionAttrs {
    const author = wAttr(el, 'author') ?? '';
    const date = wAttr(el, 'date') ?? '';
    const key = `${kind}\n${author}\n${date}`;
    if (this.open?.key === key) return this.open.attrs;
    const time = date ? Date.parse(date) : 0;
    const attrs: RevisionAttrs = { id: `docx-${this.next++}`, author, authorName: author, time: Number.isFinite(time) ? time : 0, status: 'agreed' };
    this.open = { key, attrs };
    return attrs;
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
}

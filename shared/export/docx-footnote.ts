// A footnote reference inside w:ins or w:del, which the `docx` package has no class for: its
// InsertedTextRun/DeletedTextRun hold text runs only. Built from the package's own XML components.
import { FootnoteReferenceRun, XmlAttributeComponent, XmlComponent, type ParagraphChild } from 'docx';

interface ChangeAttrs {
  id: number;
  author: string;
  date: string;
}

class ChangeAttributes extends XmlAttributeComponent<ChangeAttrs> {
  protected override readonly xmlKeys = { id: 'w:id', author: 'w:author', date: 'w:date' };
}

class TrackedRun extends XmlComponent {
  constructor(kind: 'insertion' | 'deletion', attrs: ChangeAttrs, run: FootnoteReferenceRun) {
    super(kind === 'insertion' ? 'w:ins' : 'w:del');
    this.root.push(new ChangeAttributes(attrs));
    this.root.push(run);
  }
}

/** The footnote reference `run`, as an inserted or deleted one when `revision` is given. */
export function trackedFootnote(run: FootnoteReferenceRun, revision: { kind: 'insertion' | 'deletion'; attrs: ChangeAttrs } | null): ParagraphChild {
  return revision ? (new TrackedRun(revision.kind, revision.attrs, run) as unknown as ParagraphChild) : run;
}

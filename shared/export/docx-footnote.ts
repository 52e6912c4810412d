// Footnotes in the .docx with their numbers printed by us: each reference is Word's custom mark
// (w:footnoteReference w:customMarkFollows="1" followed by the number as text), so the layout's
// numbers, restarting in each resolution, are the ones shown, where LibreOffice would ignore Word's
// per-section restarts. The bodies (given to the Document by id) start with the `docx` package's
// w:footnoteRef, which LibreOffice shows as the note's own label (a literal number there is shown
// twice by LibreOffice 7). A reference inside w:ins or w:del is built from the package's own XML
// components (its InsertedTextRun/DeletedTextRun hold text runs only).
import { XmlAttributeComponent, XmlComponent, type Paragraph, type ParagraphChild } from 'docx';

interface ChangeAttrs {
  id: number;
  author: string;
  date: string;
}

class ChangeAttributes extends XmlAttributeComponent<ChangeAttrs> {
  protected override readonly xmlKeys = { id: 'w:id', author: 'w:author', date: 'w:date' };
}

/** `run` inside a w:ins or w:del of its own (the `docx` package's revision runs hold text runs only). */
export class TrackedRun extends XmlComponent {
  constructor(kind: 'insertion' | 'deletion', attrs: ChangeAttrs, run: XmlComponent) {
    super(kind === 'insertion' ? 'w:ins' : 'w:del');
    this.root.push(new ChangeAttributes(attrs));
    this.root.push(run);
  }
}

class ValAttribute extends XmlAttributeComponent<{ val: string }> {
  protected override readonly xmlKeys = { val: 'w:val' };
}

class ReferenceAttributes extends XmlAttributeComponent<{ customMarkFollows: string; id: number }> {
  protected override readonly xmlKeys = { customMarkFollows: 'w:customMarkFollows', id: 'w:id' };
}

class SpaceAttribute extends XmlAttributeComponent<{ space: 'preserve' }> {
  protected override readonly xmlKeys = { space: 'xml:space' };
}

class Element extends XmlComponent {
  constructor(name: string, children: (XmlComponent | XmlAttributeComponent<object> | string)[]) {
    super(name);
    for (const child of children) this.root.push(child);
  }
}

/** `<w:r>` with the FootnoteReference style, the reference to note `id` and its printed `mark`. */
function referenceRun(id: number, mark: string, deleted: boolean): XmlComponent {
  return new Element('w:r', [
    new Element('w:rPr', [new Element('w:rStyle', [new ValAttribute({ val: 'FootnoteReference' })])]),
    new Element('w:footnoteReference', [new ReferenceAttributes({ customMarkFollows: '1', id })]),
    new Element(deleted ? 'w:delText' : 'w:t', [new SpaceAttribute({ space: 'preserve' }), mark]),
  ]);
}

/** The footnotes of one .docx: their bodies by id, for the Document. */
export class Footnotes {
  private next = 1;
  readonly bodies: Record<string, { children: Paragraph[] }> = {};

  /** A reference to a new footnote with these paragraphs, printed `mark`, inside w:ins or w:del when `revision` is given. */
  reference(mark: string, children: Paragraph[], revision: { kind: 'insertion' | 'deletion'; attrs: ChangeAttrs } | null): ParagraphChild {
    const id = this.next++;
    this.bodies[id] = { children };
    const run = referenceRun(id, mark, revision?.kind === 'deletion');
    return (revision ? new TrackedRun(revision.kind, revision.attrs, run) : run) as unknown as ParagraphChild;
  }
}

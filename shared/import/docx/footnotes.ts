// Footnote bodies (word/footnotes.xml): read on first reference, so their revisions are numbered
// in document order. A footnote's paragraphs run together as the text of one `footnote` node.
import type { Document, Element } from '@xmldom/xmldom';
import type { Node as PMNode } from 'prosemirror-model';
import { footnoteContent } from '../markers';
import { SOFT_BREAK, trimInline, type Inline } from '../inline';
import { readRuns, type RunContext } from './runs';
import { W, elements, isW, wAttr } from './xml';

/** Returns the footnote reader for a package's footnotes part (null: the package has none). */
export function footnoteReader(part: Document | null, ctx: () => RunContext): (id: string) => PMNode[] {
  const bodies = new Map<string, Element>();
  if (part) {
    for (const el of Array.from(part.getElementsByTagNameNS(W, 'footnote')) as Element[]) {
      const id = wAttr(el, 'id');
      if (id !== null) bodies.set(id, el);
    }
  }
  const read = new Map<string, PMNode[]>();
  return (id) => {
    let content = read.get(id);
    if (!content) {
      const body = bodies.get(id);
      content = body ? readFootnote(body, ctx()) : [];
      read.set(id, content);
    }
    return content;
  };
}

function readFootnote(body: Element, ctx: RunContext): PMNode[] {
  const inline: Inline[] = [];
  for (const p of elements(body)) {
    if (!isW(p, 'p')) continue;
    if (inline.length) inline.push(SOFT_BREAK);
    inline.push(...readRuns(p, ctx));
  }
  return footnoteContent(trimInline(inline));
}

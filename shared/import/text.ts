// Reads an ITU plain-text conversion into source lines: one line per Word paragraph, empty lines
// remembered only as separators, footnotes and bookmarks resolved.
import { SOFT_BREAK, plainText, textInline } from './inline';
import type { SourceLine } from './lines';
import { extractFootnotes, footnoteContent, resolveMarkers } from './markers';

export function readText(rawLines: readonly string[]): SourceLine[] {
  const { lines, bodies } = extractFootnotes(rawLines);
  const footnote = (n: string) => {
    const body = bodies.get(n);
    return body && { printed: body.printed, content: footnoteContent(textInline(body.raw)) };
  };
  const out: SourceLine[] = [];
  let blankBefore = false;
  lines.forEach((line, i) => {
    if (!/\S/.test(line)) {
      blankBefore = true;
      return;
    }
    const content = resolveMarkers(textInline(line.trimEnd()), footnote);
    const text = plainText(content);
    if (!/\S/.test(text) && !content.some((item) => item !== SOFT_BREAK && !item.isText)) return; // bookmarks only
    out.push({ content, text, blankBefore, block: i, lineNo: i + 1 });
    blankBefore = false;
  });
  return out;
}

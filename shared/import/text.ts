// Reads an ITU plain-text conversion into source lines: debris dropped, one line per Word
// paragraph, empty lines remembered only as separators, footnotes and bookmarks resolved, and
// tables written one cell per line read whole (cell-table.ts) so their text is never classified.
import type { Node as PMNode } from 'prosemirror-model';
import { cellTableNode, cellText, findCellTables } from './cell-table';
import { dropDebris } from './debris';
import { SOFT_BREAK, joinLines, plainText, textInline, type Inline } from './inline';
import type { SourceLine } from './lines';
import { extractFootnotes, footnoteContent, resolveMarkers } from './markers';
import type { ReportCollector } from './report';

export function readText(rawLines: readonly string[], report: ReportCollector): SourceLine[] {
  const kept = dropDebris(rawLines, report);
  const extracted = extractFootnotes(kept.lines);
  // Lines taken whole into a footnote body are gone, not blank.
  const lines = extracted.lines.filter((_, i) => !extracted.joined.has(i));
  const lineNos = kept.lineNos.filter((_, i) => !extracted.joined.has(i));
  const footnote = (n: string) => {
    const body = extracted.bodies.get(n);
    return body && { printed: body.printed, content: footnoteContent(bodyInline(body.raw)) };
  };
  const inline = (text: string): Inline[] => resolveMarkers(textInline(text), footnote, () => report.drop('empty footnote'));
  const tables = new Map(findCellTables(lines).map((table) => [table.from, table]));
  const out: SourceLine[] = [];
  let blankBefore = false;
  for (let i = 0; i < lines.length; ) {
    const table = tables.get(i);
    if (table) {
      const node: PMNode = cellTableNode(table, lines, (k) => inline(cellText(lines[k])));
      out.push({ content: [], text: '', blankBefore, block: i, lineNo: lineNos[i], node });
      blankBefore = false;
      i = table.to;
      continue;
    }
    const line = lines[i];
    if (!/\S/.test(line)) {
      blankBefore = true;
      i++;
      continue;
    }
    const content = inline(line.trimEnd());
    const text = plainText(content);
    if (/\S/.test(text) || content.some((item) => item !== SOFT_BREAK && !item.isText)) { // not bookmarks only
      out.push({ content, text, blankBefore, block: i, lineNo: lineNos[i] });
      blankBefore = false;
    }
    i++;
  }
  return out;
}

/** A footnote body's paragraphs ("\n"-separated in the raw text) as inline content with soft breaks. */
function bodyInline(raw: string): Inline[] {
  return joinLines(raw.split('\n').map((p) => textInline(p.trim())).filter((p) => p.length));
}

// Word files made from the ITU's text conversions (or pasted from them) carry the conversion's
// markers as text: `[bookmark: NAME]`, `word[footnoteRef:1]1 ... [1: 1 <TAB>body]`. They are
// resolved exactly as the text importer does (markers.ts), keeping the runs' marks.
import { plainText, sliceInline, textInline, type Inline } from '../inline';
import { extractFootnotes, footnoteContent, resolveMarkers } from '../markers';
import type { DocxLine } from './body';

export function resolveArtefacts(lines: readonly DocxLine[]): DocxLine[] {
  if (!lines.some((line) => line.text.includes('['))) return lines.slice();
  const { bodies, cuts } = extractFootnotes(lines.map((line) => line.text));
  const footnote = (n: string) => {
    const body = bodies.get(n);
    return body && { printed: body.printed, content: footnoteContent(textInline(body.raw)) };
  };
  const out: DocxLine[] = [];
  lines.forEach((line, i) => {
    if (line.node || !line.text.includes('[')) {
      out.push(line);
      return;
    }
    const content = resolveMarkers(withoutRanges(line.content, cuts[i]), footnote);
    const text = plainText(content);
    const hasNode = content.some((item) => typeof item !== 'string' && !item.isText);
    if (!/\S/.test(text) && !hasNode) return; // bookmarks only
    out.push({ ...line, content, text });
  });
  return out;
}

function withoutRanges(content: readonly Inline[], ranges: readonly [number, number][]): Inline[] {
  if (!ranges.length) return content.slice();
  const out: Inline[] = [];
  let from = 0;
  for (const [start, end] of ranges) {
    out.push(...sliceInline(content, from, start));
    from = end;
  }
  out.push(...sliceInline(content, from));
  return out;
}

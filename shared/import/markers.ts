// Conversion artefacts in the text: footnotes (`word[footnoteRef:1]1 ... [1: 1 <TAB>body]`) and
// bookmarks (`[bookmark: NAME]`). Footnote bodies are cut out of the source lines first; the
// references are then turned into `footnote` nodes and the bookmarks dropped.
import type { Node as PMNode } from 'prosemirror-model';
import { schema } from '../schema';
import { SOFT_BREAK, mergeText, type Inline } from './inline';

/** A footnote body as written in the source: its printed number and its raw text. */
export interface FootnoteBody {
  printed: string;
  raw: string;
}

const REF_OR_BODY = /\[footnoteRef:(\d+)\]|\[(\d+): /g;
/** A further paragraph of a footnote body: a line starting with a TAB. */
const BODY_LINE = /^[ \u00a0]*\t/;
/** Most paragraphs one footnote body may run over. */
const MAX_BODY_LINES = 50;

/**
 * Cuts footnote bodies (` [N: P <TAB>text]`) out of the lines. A body is recognised only after
 * a reference to the same N, in the same or a later line; a body whose bracket closes on a later
 * line runs over the following lines that start with a TAB (its further paragraphs, kept in
 * `raw` separated by "\n"). Returns the cleaned lines, the bodies by N, per line the [from, to)
 * ranges cut out of it (for readers that keep inline content), and the indexes of the lines
 * taken whole into a body (left empty in `lines`).
 */
export function extractFootnotes(lines: readonly string[]): {
  lines: string[]; bodies: Map<string, FootnoteBody>; cuts: [number, number][][]; joined: Set<number>;
} {
  const bodies = new Map<string, FootnoteBody>();
  const pending = new Set<string>();
  const cuts: [number, number][][] = lines.map(() => []);
  const joined = new Set<number>();
  const out = lines.slice();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (joined.has(i)) {
      out[i] = '';
      cuts[i].push([0, line.length]);
      continue;
    }
    if (!line.includes('[')) continue;
    let result = '';
    let copied = 0;
    REF_OR_BODY.lastIndex = 0;
    for (let m = REF_OR_BODY.exec(line); m; m = REF_OR_BODY.exec(line)) {
      if (m[1] !== undefined) {
        pending.add(m[1]);
        continue;
      }
      const n = m[2];
      if (!pending.has(n)) continue;
      const start = m.index + m[0].length;
      const end = closingBracket(line, m.index);
      const close = end < 0 ? closeOnLaterLine(lines, i, m.index) : null;
      if (end < 0 && !close) continue;
      pending.delete(n);
      const cutFrom = m.index > copied && /\s/.test(line[m.index - 1]) ? m.index - 1 : m.index;
      result += line.slice(copied, cutFrom);
      if (close) {
        const paragraphs = [line.slice(start), ...lines.slice(i + 1, close.line).map((l) => l.trim()), lines[close.line].slice(0, close.at).trim()];
        bodies.set(n, parseBody(paragraphs.join('\n')));
        for (let k = i + 1; k <= close.line; k++) joined.add(k);
        cuts[i].push([cutFrom, line.length]);
        // Text after the closing bracket on the last line stays with the paragraph of the reference.
        const tail = lines[close.line].slice(close.at + 1).trim();
        result += tail ? ` ${tail}` : '';
        copied = line.length;
        break;
      }
      bodies.set(n, parseBody(line.slice(start, end)));
      cuts[i].push([cutFrom, end + 1]);
      copied = end + 1;
      REF_OR_BODY.lastIndex = copied;
    }
    if (copied > 0) out[i] = result + line.slice(copied);
  }
  return { lines: out, bodies, cuts, joined };
}

/** The index of the `]` closing the `[` at `open`, or -1. */
function closingBracket(line: string, open: number): number {
  let depth = 0;
  for (let i = open; i < line.length; i++) {
    const ch = line[i];
    if (ch === '[') depth++;
    else if (ch === ']' && --depth === 0) return i;
  }
  return -1;
}

/** Where the `[` at `open` on line `i` closes on one of the following body lines (starting with a TAB), or null. */
function closeOnLaterLine(lines: readonly string[], i: number, open: number): { line: number; at: number } | null {
  let depth = 0;
  for (const ch of lines[i].slice(open)) depth += ch === '[' ? 1 : ch === ']' ? -1 : 0;
  for (let k = i + 1; k < lines.length && k <= i + MAX_BODY_LINES && BODY_LINE.test(lines[k]); k++) {
    const line = lines[k];
    for (let at = 0; at < line.length; at++) {
      if (line[at] === '[') depth++;
      else if (line[at] === ']' && --depth === 0) return { line: k, at };
    }
  }
  return null;
}

function parseBody(text: string): FootnoteBody {
  const m = /^[ \u00a0]*(\d*)[ \u00a0]*\t[ \t\u00a0]*/.exec(text) ?? /^[ \u00a0]*(\d+)[ \t\u00a0]+/.exec(text);
  if (!m) return { printed: '', raw: text.trim() };
  return { printed: m[1], raw: text.slice(m[0].length).trim() };
}

const MARKER = /\[bookmark:[^\]]*\]|\[footnoteRef:(\d+)\](\d{0,3})/g;

/**
 * Drops bookmarks and turns footnote references into `footnote` nodes holding their body,
 * removing the printed footnote number that follows the reference. With `onEmpty`, a footnote
 * whose body has no text (or was never found) is left out and `onEmpty` called instead.
 */
export function resolveMarkers(
  content: readonly Inline[],
  footnote: (n: string) => { printed: string; content: PMNode[] } | undefined,
  onEmpty?: () => void,
): Inline[] {
  const merged = mergeText(content);
  if (!merged.some((item) => item !== SOFT_BREAK && item.isText && item.text!.includes('['))) return merged;
  const out: Inline[] = [];
  for (const item of merged) {
    if (item === SOFT_BREAK || !item.isText || !item.text!.includes('[')) {
      out.push(item);
      continue;
    }
    const text = item.text!;
    let copied = 0;
    MARKER.lastIndex = 0;
    for (let m = MARKER.exec(text); m; m = MARKER.exec(text)) {
      if (m.index > copied) out.push(schema.text(text.slice(copied, m.index), item.marks));
      copied = m.index + m[0].length;
      if (m[1] === undefined) continue;
      const body = footnote(m[1]);
      const digits = m[2];
      // The digits after the reference are the printed number; anything beyond it is text.
      const printed = body?.printed && digits.startsWith(body.printed) ? body.printed : digits;
      copied -= digits.length - printed.length;
      const bodyContent = body?.content ?? [];
      if (onEmpty && !bodyContent.some((node) => /\S/.test(node.textContent))) onEmpty();
      else out.push(schema.nodes.footnote.create(null, bodyContent));
      MARKER.lastIndex = copied;
    }
    if (copied < text.length) out.push(schema.text(text.slice(copied), item.marks));
  }
  return out;
}

/** The content of a footnote node from parsed body content: text only (footnote content is `text*`), marks kept. */
export function footnoteContent(content: readonly Inline[]): PMNode[] {
  const nodes = resolveMarkers(content, () => undefined);
  return nodes.flatMap((item) => {
    if (item === SOFT_BREAK) return [schema.text(' ')];
    return item.isText ? [item] : [];
  });
}

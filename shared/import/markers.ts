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

/**
 * Cuts footnote bodies (` [N: P <TAB>text]`) out of the lines. A body is recognised only after
 * a reference to the same N, in the same or a later line. Returns the cleaned lines, the bodies
 * by N and, per line, the [from, to) ranges cut out of it (for readers that keep inline content).
 */
export function extractFootnotes(lines: readonly string[]): { lines: string[]; bodies: Map<string, FootnoteBody>; cuts: [number, number][][] } {
  const bodies = new Map<string, FootnoteBody>();
  const pending = new Set<string>();
  const cuts: [number, number][][] = lines.map(() => []);
  const out = lines.map((line, i) => {
    if (!line.includes('[')) return line;
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
      const end = closingBracket(line, m.index);
      if (end < 0) continue;
      pending.delete(n);
      bodies.set(n, parseBody(line.slice(m.index + m[0].length, end)));
      const cutFrom = m.index > copied && /\s/.test(line[m.index - 1]) ? m.index - 1 : m.index;
      result += line.slice(copied, cutFrom);
      cuts[i].push([cutFrom, end + 1]);
      copied = end + 1;
      REF_OR_BODY.lastIndex = copied;
    }
    return copied === 0 ? line : result + line.slice(copied);
  });
  return { lines: out, bodies, cuts };
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

function parseBody(text: string): FootnoteBody {
  const m = /^\s*(\d*)[ \u00a0]*\t\s*/.exec(text) ?? /^\s*(\d+)\s+/.exec(text);
  if (!m) return { printed: '', raw: text.trim() };
  return { printed: m[1], raw: text.slice(m[0].length).trim() };
}

const MARKER = /\[bookmark:[^\]]*\]|\[footnoteRef:(\d+)\](\d{0,3})/g;

/**
 * Drops bookmarks and turns footnote references into `footnote` nodes holding their body,
 * removing the printed footnote number that follows the reference.
 */
export function resolveMarkers(
  content: readonly Inline[],
  footnote: (n: string) => { printed: string; content: PMNode[] } | undefined,
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
      out.push(schema.nodes.footnote.create(null, body?.content ?? []));
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

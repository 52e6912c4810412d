// Inline content of one source line: ProseMirror inline nodes plus soft breaks (markdown line
// breaks inside a paragraph). Helpers slice it by plain-text offsets, so the classifier can work
// on plain strings while the builder keeps the marks and footnotes.
import type { Node as PMNode, Mark } from 'prosemirror-model';
import { schema } from '../schema';

/** A soft line break inside a markdown paragraph: a space in a paragraph, a hard_break in a title. */
export const SOFT_BREAK = 'softbreak';
export type Inline = PMNode | typeof SOFT_BREAK;

/** The plain text of inline content: footnotes count as nothing, breaks as "\n". */
export function plainText(content: readonly Inline[]): string {
  let out = '';
  for (const item of content) out += widthText(item);
  return out;
}

function widthText(item: Inline): string {
  if (item === SOFT_BREAK) return '\n';
  if (item.isText) return item.text!;
  if (item.type === schema.nodes.hard_break) return '\n';
  return '';
}

/** Plain text inline content. */
export function textInline(text: string, marks: readonly Mark[] = []): Inline[] {
  return text ? [schema.text(text, marks)] : [];
}

/** The part of `content` between plain-text offsets `from` and `to`. Zero-width nodes at the edges stay with the later part. */
export function sliceInline(content: readonly Inline[], from: number, to = Infinity): Inline[] {
  const out: Inline[] = [];
  let pos = 0;
  for (const item of content) {
    const text = widthText(item);
    const end = pos + text.length;
    if (text.length === 0) {
      if (pos >= from && pos < to) out.push(item);
    } else if (end > from && pos < to) {
      if (item !== SOFT_BREAK && item.isText) {
        const start = Math.max(from, pos) - pos;
        const stop = Math.min(to, end) - pos;
        if (stop > start) out.push(start === 0 && stop === text.length ? item : schema.text(text.slice(start, stop), item.marks));
      } else {
        out.push(item);
      }
    }
    pos = end;
  }
  return out;
}

/** Removes leading and trailing whitespace (and breaks). */
export function trimInline(content: readonly Inline[]): Inline[] {
  const text = plainText(content);
  const start = text.length - text.trimStart().length;
  const end = text.trimEnd().length;
  if (start === 0 && end === text.length) return content.slice();
  if (end <= start) return content.filter((item) => widthText(item).length === 0);
  const out = sliceInline(content, start, end);
  // A zero-width node (a footnote) right after the last character belongs to it, not to the trailing space.
  let pos = 0;
  for (const item of content) {
    const width = widthText(item).length;
    if (width === 0 && pos === end) out.push(item);
    pos += width;
  }
  return out;
}

/** Splits content at soft and hard breaks into lines. */
export function splitAtBreaks(content: readonly Inline[]): Inline[][] {
  const lines: Inline[][] = [[]];
  for (const item of content) {
    if (item === SOFT_BREAK || (item.type === schema.nodes.hard_break)) lines.push([]);
    else lines[lines.length - 1].push(item);
  }
  return lines;
}

/** Joins lines with a soft break. */
export function joinLines(lines: readonly (readonly Inline[])[]): Inline[] {
  const out: Inline[] = [];
  lines.forEach((line, i) => {
    if (i > 0) out.push(SOFT_BREAK);
    for (const item of line) out.push(item);
  });
  return out;
}

/** ProseMirror inline nodes: soft breaks become a space or a hard_break; adjacent text is merged. */
export function toNodes(content: readonly Inline[], breakAs: 'space' | 'hard' = 'space'): PMNode[] {
  const out: PMNode[] = [];
  content.forEach((item, i) => {
    let node: PMNode;
    if (item === SOFT_BREAK) {
      node = breakAs === 'hard' ? schema.nodes.hard_break.create() : schema.text(' ', sharedMarks(content[i - 1], content[i + 1]));
    } else {
      node = item;
    }
    const last = out[out.length - 1];
    if (last?.isText && node.isText && last.sameMarkup(node)) out[out.length - 1] = schema.text(last.text! + node.text!, last.marks);
    else out.push(node);
  });
  return out;
}

// A space replacing a soft break inside a mark (a change spanning lines) keeps that mark.
function sharedMarks(before: Inline | undefined, after: Inline | undefined): readonly Mark[] {
  if (!before || !after || before === SOFT_BREAK || after === SOFT_BREAK) return [];
  return before.marks.filter((mark) => mark.isInSet(after.marks));
}

/** Merges adjacent text nodes that carry the same marks. */
export function mergeText(content: readonly Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const item of content) {
    const last = out[out.length - 1];
    if (item !== SOFT_BREAK && last !== undefined && last !== SOFT_BREAK && last.isText && item.isText && last.sameMarkup(item)) {
      out[out.length - 1] = schema.text(last.text! + item.text!, last.marks);
    } else {
      out.push(item);
    }
  }
  return out;
}

// Reads a markdown conversion into source lines. Block structure (paragraphs, list markers,
// `#` headings) is read here line by line; inline syntax is parsed by markdown-it, with the
// conversion's revision marks mapped to the schema: `~~deleted~~` -> deletion,
// `[inserted](#)` -> insertion (status 'agreed', ids 'imp-1', 'imp-2' ... in document order).
import MarkdownIt from 'markdown-it';
import type { Mark } from 'prosemirror-model';
import { schema } from '../schema';
import { isSafeHref } from '../schema-attrs';
import { SOFT_BREAK, plainText, splitAtBreaks, textInline, type Inline } from './inline';
import type { SourceLine } from './lines';
import { dropDebris } from './debris';
import { extractFootnotes, footnoteContent, resolveMarkers } from './markers';
import type { ReportCollector } from './report';

type Token = ReturnType<InstanceType<typeof MarkdownIt>['parseInline']>[number];

const md = new MarkdownIt('default', { html: false, linkify: false, typographer: false });

const SEPARATOR = /^\s*([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const BULLET = /^ {0,3}[-*+][ \t]+(?=\S)/;
const ORDERED = /^ {0,3}(\d{1,4})[.)][ \t]+(?=\S)/;
const PIPE_ROW = /^\s*\|.*\|\s*$/;
const PIPE_DELIMITER = /^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$/;

/** Imported revision marks: agreed changes of the submitted proposal, by the importer. */
export class RevisionIds {
  private next = 1;
  mark(type: 'insertion' | 'deletion'): Mark {
    return schema.marks[type].create({ id: `imp-${this.next++}`, author: 'import', authorName: 'Imported', time: 0, status: 'agreed' });
  }
}

interface Block {
  lines: string[];
  lineNo: number;
  blankBefore: boolean;
  marker?: SourceLine['marker'];
  headingLevel?: number;
}

export function readMarkdown(rawLines: readonly string[], report: ReportCollector): SourceLine[] {
  const kept = dropDebris(rawLines, report);
  const extracted = extractFootnotes(kept.lines);
  // Lines taken whole into a footnote body are gone, not blank.
  const lines = extracted.lines.filter((_, i) => !extracted.joined.has(i));
  const lineNos = kept.lineNos.filter((_, i) => !extracted.joined.has(i));
  const ids = new RevisionIds();
  const footnote = (n: string) => {
    const body = extracted.bodies.get(n);
    return body && { printed: body.printed, content: footnoteContent(parseInline(body.raw, ids)) };
  };
  const out: SourceLine[] = [];
  splitBlocks(lines, lineNos).forEach((block, index) => {
    const content = resolveMarkers(parseInline(block.lines.join('\n'), ids), footnote, () => report.drop('empty footnote'));
    const pieces = splitAtBreaks(content);
    // markdown-it drops the indentation of continuation lines; a leading tab marks a table row, so keep it.
    if (pieces.length === block.lines.length) {
      pieces.forEach((piece, i) => {
        const indent = i > 0 ? /^[ \t]*/.exec(block.lines[i])![0] : '';
        if (indent.includes('\t')) piece.unshift(...textInline(indent));
      });
    }
    pieces.forEach((lineContent, i) => {
      const text = plainText(lineContent);
      if (!/\S/.test(text) && !lineContent.some((item) => item !== SOFT_BREAK && !item.isText)) return;
      out.push({
        content: lineContent,
        text,
        blankBefore: i === 0 && block.blankBefore,
        block: index,
        lineNo: block.lineNo + i,
        ...(i === 0 && block.marker ? { marker: block.marker } : {}),
        ...(block.headingLevel ? { headingLevel: block.headingLevel } : {}),
      });
    });
  });
  return out;
}

/** Groups lines into paragraphs; a list item, heading or separator line always starts its own. */
function splitBlocks(lines: readonly string[], lineNos: readonly number[]): Block[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  let blankBefore = false;
  lines.forEach((line, i) => {
    if (!/\S/.test(line)) {
      current = null;
      blankBefore = true;
      return;
    }
    const start = (block: Omit<Block, 'lineNo' | 'blankBefore'>, alone = false) => {
      const b: Block = { ...block, lineNo: lineNos[i], blankBefore };
      blocks.push(b);
      current = alone ? null : b;
      blankBefore = false;
    };
    if (PIPE_ROW.test(line)) {
      // A pipe table row becomes a tab-separated row, like the tables of the text conversions.
      if (PIPE_DELIMITER.test(line)) return;
      line = line.trim().slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim()).join('\t');
    }
    if (SEPARATOR.test(line)) return start({ lines: [line.replace(/[*_]/g, '\\$&')] }, true);
    const heading = HEADING.exec(line);
    if (heading) return start({ lines: [heading[2]], headingLevel: heading[1].length }, true);
    const bullet = BULLET.exec(line);
    if (bullet) return start({ lines: [line.slice(bullet[0].length)], marker: { kind: 'bullet' } });
    const ordered = ORDERED.exec(line);
    if (ordered) return start({ lines: [line.slice(ordered[0].length)], marker: { kind: 'ordered', label: ordered[1] } });
    if (current) (current as Block).lines.push(line);
    else start({ lines: [line] });
  });
  return blocks;
}

// A deleted old label run into the new one (`~~d)~~e) text`): markdown-it does not close a `~~`
// that follows punctuation and precedes a letter, so the deletion is read here.
const DELETED_LABEL = /^~~([^~\s]{1,8})~~(?=\S)/;

/** Inline markdown -> inline nodes with marks; line breaks become soft breaks. */
export function parseInline(source: string, ids: RevisionIds): Inline[] {
  const relabel = DELETED_LABEL.exec(source);
  if (relabel) return [schema.text(relabel[1], [ids.mark('deletion')]), ...parseInline(source.slice(relabel[0].length), ids)];
  const tokens = md.parseInline(source, {})[0]?.children ?? [];
  const out: Inline[] = [];
  const marks: Mark[] = [];
  const open = (mark: Mark) => marks.push(mark);
  const close = (type: string) => {
    for (let i = marks.length - 1; i >= 0; i--) {
      if (marks[i].type.name === type) {
        marks.splice(i, 1);
        return;
      }
    }
  };
  const text = (value: string) => {
    if (value) out.push(schema.text(value, markSet(marks)));
  };
  for (const token of tokens as Token[]) {
    switch (token.type) {
      case 'text': case 'text_special': case 'code_inline': case 'html_inline': text(token.content); break;
      case 'softbreak': case 'hardbreak': out.push(SOFT_BREAK); break;
      case 'strong_open': open(schema.marks.strong.create()); break;
      case 'strong_close': close('strong'); break;
      case 'em_open': open(schema.marks.em.create()); break;
      case 'em_close': close('em'); break;
      case 's_open': open(ids.mark('deletion')); break;
      case 's_close': close('deletion'); break;
      case 'link_open': {
        const href = token.attrGet('href') ?? '';
        if (href === '#' || href === '') open(ids.mark('insertion'));
        else if (isSafeHref(String(href))) open(schema.marks.link.create({ href, title: token.attrGet('title') })); // an unsafe address keeps its text, not its link
        break;
      }
      case 'link_close': {
        const last = [...marks].reverse().find((m) => m.type === schema.marks.insertion || m.type === schema.marks.link);
        if (last) close(last.type.name);
        break;
      }
      case 'image': text(token.content); break;
      default: if (token.content) text(token.content);
    }
  }
  return out;
}

// Marks in schema order; a revision mark excludes another of its kind, so the innermost wins.
function markSet(marks: readonly Mark[]): readonly Mark[] {
  let set: readonly Mark[] = [];
  for (const mark of marks) set = mark.addToSet(set);
  return set;
}

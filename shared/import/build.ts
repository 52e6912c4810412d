// The tree builder: walks the classified units once and assembles the document of the schema.
// Proposals open at an ECP heading or an action line and close at Reasons, a separator or the
// next proposal; resolutions open at a number line and close at Reasons, the next number line,
// a separator or an action line. Everything not recognised becomes a paragraph.
import type { Node as PMNode, NodeType } from 'prosemirror-model';
import { schema, type Action, type BlockRevision } from '../schema';
import type { LabelKind } from './classify';
import { readCover } from './cover';
import { SOFT_BREAK, joinLines, plainText, sliceInline, textInline, toNodes, trimInline, type Inline } from './inline';
import { buildTable, type TableRow } from './table';
import type { Unit } from './units';

interface OpenProposal {
  attrs: { action: Action; ref: string; heading: string };
  content: PMNode[];
  /** Opened by an ECP heading and still waiting for its action line. */
  awaitingAction: boolean;
}

interface OpenResolution {
  attrs: { kind: string; number: string };
  numberLine: PMNode;
  title: Inline[][];
  /** Paragraph-mark revisions of the title's lines (a .docx title), the first that has any. */
  titleTrack: BlockRevision[] | null;
  inTitle: boolean;
  content: PMNode[];
}

/** Top-level items since the last call heading: decides the level of dashes and roman sub-items. */
interface Section {
  parents: number;
  /** The label kind of the section's top-level items: letters or numbers. */
  topKind: 'letter' | 'number' | null;
  lastLetter: string | null;
}

const { paragraph, item: itemType, call_heading, reasons, heading, resolution, proposal, number_line, title } = schema.nodes;

export function buildDocument(units: readonly Unit[]): PMNode {
  return new Builder(units).build();
}

class Builder {
  private blocks: PMNode[] = [];
  private proposal: OpenProposal | null = null;
  private resolution: OpenResolution | null = null;
  private section: Section = { parents: 0, topKind: null, lastLetter: null };
  /** The paragraph-mark revisions of the unit being handled: the `track` of the block it becomes. */
  private track: BlockRevision[] | null = null;

  constructor(private readonly units: readonly Unit[]) {}

  build(): PMNode {
    const { cover, next } = readCover(this.units);
    for (let i = next; i < this.units.length; ) i = this.unit(i);
    this.closeProposal();
    return schema.nodes.doc.create(null, cover ? [cover, ...this.blocks] : this.blocks);
  }

  /** Handles the unit at `i`; returns the index of the next unhandled unit. */
  private unit(i: number): number {
    const unit = this.units[i];
    this.track = unit.track ?? null;
    if (this.resolution?.inTitle && this.takeTitleLine(unit)) return i + 1;
    const kind = this.kindOf(unit);
    switch (kind.type) {
      case 'separator':
        this.closeProposal();
        return i + 1;
      case 'ecp':
        this.closeProposal();
        this.proposal = { attrs: { action: inferAction(kind.heading), ref: '', heading: kind.heading }, content: [], awaitingAction: true };
        return i + 1;
      case 'action':
        if (this.proposal?.awaitingAction) {
          this.proposal.attrs.action = kind.action;
          this.proposal.attrs.ref = kind.ref;
          this.proposal.awaitingAction = false;
        } else {
          this.closeProposal();
          this.proposal = { attrs: { action: kind.action, ref: kind.ref, heading: '' }, content: [], awaitingAction: false };
        }
        return i + 1;
      case 'number':
        this.closeResolution();
        if (this.proposal) this.proposal.awaitingAction = false;
        this.resolution = {
          attrs: { kind: kind.kind, number: kind.number },
          numberLine: number_line.create({ track: this.track }, toNodes(trimInline(unit.content))),
          title: [],
          titleTrack: null,
          inTitle: true,
          content: [],
        };
        this.newSection();
        return i + 1;
      case 'reasons':
        return this.reasons(i, kind.start);
      case 'item':
        this.emit(itemType, this.itemContent(unit, kind), { level: this.itemLevel(kind.label, kind.labelKind) }, unit.content);
        return i + 1;
      case 'call':
        this.newSection();
        this.emit(call_heading, trimInline(unit.content));
        return i + 1;
      case 'heading':
        this.newSection();
        this.emit(heading, trimInline(unit.content), { level: kind.level });
        return i + 1;
      case 'conference':
        this.newSection();
        this.emit(paragraph, trimInline(unit.content));
        return i + 1;
      case 'row':
        return this.table(i);
      case 'node':
        if (unit.node) this.place(unit.node);
        return i + 1;
      default:
        this.emit(paragraph, trimInline(unit.content));
        return i + 1;
    }
  }

  /** What the unit is here: a line with a bare number label is an item inside a resolution's text. */
  private kindOf(unit: Unit): Unit['kind'] {
    return unit.altItem && this.resolution && !this.resolution.inTitle ? unit.altItem : unit.kind;
  }

  /** A title line of the open resolution, or false when the title has ended. */
  private takeTitleLine(unit: Unit): boolean {
    const res = this.resolution!;
    const last = res.title[res.title.length - 1];
    const continues = unit.kind.type === 'plain' && res.title.length < 6 &&
      (!last || (!unit.blankBefore && !/[.;:]\s*$/.test(lineText(last))));
    if (!continues) {
      res.inTitle = false;
      return false;
    }
    res.title.push(trimInline(unit.content));
    res.titleTrack ??= this.track;
    return true;
  }

  private reasons(i: number, start: number): number {
    const unit = this.units[i];
    if (!this.proposal) {
      this.emit(paragraph, trimInline(unit.content));
      return i + 1;
    }
    let content = trimInline(sliceInline(unit.content, start));
    let next = i + 1;
    // "Reasons:" alone on its line takes the next plain line as its text.
    const following = this.units[next];
    let track = this.track;
    if (!lineText(content).trim() && following?.kind.type === 'plain') {
      content = trimInline(following.content);
      track ??= following.track ?? null;
      next++;
    }
    this.closeResolution();
    this.proposal.content.push(reasons.create({ track }, toNodes(content)));
    this.closeProposal();
    return next;
  }

  /**
   * Consecutive tab-separated rows (blank lines between them allowed) with their continuation
   * lines. The first row has text in two cells: an indented line (an empty first cell) only
   * continues a table, so indented paragraphs do not make a one-column one.
   */
  private table(i: number): number {
    const first = this.units[i];
    if (first.text.split('\t').filter((cell) => cell.trim()).length < 2) {
      this.emit(paragraph, trimInline(first.content));
      return i + 1;
    }
    const rows: TableRow[] = [{ content: first.content, more: [] }];
    let j = i + 1;
    for (; j < this.units.length; j++) {
      const unit = this.units[j];
      const row = rows[rows.length - 1];
      const kind = this.kindOf(unit);
      if (kind.type === 'row') {
        rows.push({ content: unit.content, more: [] });
      } else if (kind.type === 'plain' && !unit.blankBefore && /^[\p{Ll}]/u.test(unit.text.trim()) &&
        !/[.;:]\s*$/.test(lineText(row.more[row.more.length - 1] ?? row.content))) {
        row.more.push(unit.content);
      } else {
        break;
      }
    }
    if (rows.length < 2) {
      this.emit(paragraph, trimInline(this.units[i].content));
      return i + 1;
    }
    this.place(buildTable(rows));
    return j;
  }

  private itemContent(unit: Unit, kind: Extract<Unit['kind'], { type: 'item' }>): Inline[] {
    const typed = kind.labelTo > kind.labelFrom;
    const label = typed ? sliceInline(unit.content, kind.labelFrom, kind.labelTo) : textInline(kind.label);
    // The typed tab keeps its marks (a tab inside a Word revision); any other separator becomes a plain tab.
    const after = typed ? sliceInline(unit.content, kind.labelTo, kind.labelTo + 1) : [];
    const tab = after.length === 1 && plainText(after) === '\t' ? after : textInline('\t');
    return [...label, ...tab, ...trimInline(sliceInline(unit.content, kind.start))];
  }

  private itemLevel(label: string, labelKind: LabelKind): number {
    const section = this.section;
    const letter = label.replace(/[()]/g, '');
    const follows = section.lastLetter && section.lastLetter.charCodeAt(section.lastLetter.length - 1) + 1 === letter.charCodeAt(0);
    // i) after h), v) after u), x) after w): a letter, not a roman numeral.
    const kind = labelKind === 'roman' && letter.length === 1 && follows ? 'letter' : labelKind;
    if (kind === 'dash' || kind === 'roman' || (section.topKind && kind !== section.topKind)) {
      // A sub-item when it hangs under an item of the section's own kind (1) under b), a) under 2).
      return section.parents > 0 ? 1 : 0;
    }
    section.topKind = kind;
    if (kind === 'letter') section.lastLetter = letter;
    section.parents++;
    return 0;
  }

  private newSection(): void {
    this.section = { parents: 0, topKind: null, lastLetter: null };
  }

  /**
   * Adds a text block to the innermost open container. Outside a proposal or resolution, items,
   * call headings and reasons become paragraphs of their original text.
   */
  private emit(type: NodeType, content: Inline[], attrs: Record<string, unknown> | null = null, original?: Inline[]): void {
    const inContainer = this.resolution || this.proposal;
    if (!inContainer && type !== paragraph && type !== heading) {
      this.place(paragraph.create({ track: this.track }, toNodes(trimInline(original ?? content))));
      return;
    }
    this.place(type.create({ ...attrs, track: this.track }, toNodes(content)));
  }

  private place(node: PMNode): void {
    if (this.resolution) {
      this.resolution.inTitle = false;
      this.resolution.content.push(node);
    } else if (this.proposal) {
      this.proposal.content.push(node);
    } else {
      this.blocks.push(node);
    }
  }

  private closeResolution(): void {
    const res = this.resolution;
    if (!res) return;
    this.resolution = null;
    const titleNode = res.title.length ? [title.create({ track: res.titleTrack }, toNodes(joinLines(res.title), 'hard'))] : [];
    const node = resolution.create(res.attrs, [res.numberLine, ...titleNode, ...res.content]);
    if (this.proposal) this.proposal.content.push(node);
    else this.blocks.push(node);
    this.newSection();
  }

  private closeProposal(): void {
    this.closeResolution();
    const open = this.proposal;
    if (!open) return;
    this.proposal = null;
    this.blocks.push(proposal.create(open.attrs, open.content));
  }
}

function lineText(content: readonly Inline[]): string {
  return content.map((item) => (item === SOFT_BREAK ? ' ' : item.isText ? item.text : '')).join('');
}

/** The action an ECP heading implies when no action line follows it ("Revision to" -> MOD ...). */
export function inferAction(headingText: string): Action {
  // "ECP-6: Suppression to Resolution 185: title": the words before the title say what happens.
  const what = headingText.split(':')[1] ?? headingText;
  if (/\b(suppression|suppress|deletion|abrogation)\b/i.test(what)) return 'SUP';
  if (/\b(revision|modification|amendment|revise|modify)\b/i.test(what)) return 'MOD';
  if (/\b(addition|new)\b/i.test(what)) return 'ADD';
  if (/\bno change\b/i.test(what)) return 'NOC';
  return 'MOD';
}

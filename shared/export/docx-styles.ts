// ITU-like Word styles for the .docx exports: Times New Roman 12 pt, single spacing; weight, size,
// alignment and indents of the text styles come from the looks shared with the editor (looks.ts);
// hanging-indent items get a tab stop after the label.
import { AlignmentType, TabStopType, type IParagraphStyleOptions, type IStylesOptions, type TabStopDefinition } from 'docx';
import type { ParaStyle } from './layout';
import { LOOKS, type LookedStyle } from './looks';

const FONT = 'Times New Roman';
/** Twips per centimetre. */
const CM = 567;

/** Run and paragraph properties of a style from its shared look (looks.ts), over `props`. */
function withLook(id: ParaStyle, props: Omit<IParagraphStyleOptions, 'id' | 'name'>): Omit<IParagraphStyleOptions, 'id' | 'name'> {
  const l = (LOOKS as Partial<Record<ParaStyle, (typeof LOOKS)[LookedStyle]>>)[id];
  if (!l) return props;
  return {
    ...props,
    run: { ...props.run, bold: l.bold, italics: l.italic, size: l.size * 2 },
    paragraph: {
      ...props.paragraph,
      alignment: l.align === 'center' ? AlignmentType.CENTER : AlignmentType.LEFT,
      indent: { left: Math.round(l.left * CM), hanging: Math.round(l.hanging * CM) },
    },
  };
}

function style(id: ParaStyle, name: string, props: Omit<IParagraphStyleOptions, 'id' | 'name'>): IParagraphStyleOptions {
  return { id, name, basedOn: 'Normal', next: 'Normal', quickFormat: true, ...withLook(id, props) };
}

/** Label column of items per level: each level indents one more label column (looks.ts). */
const ITEM_INDENT = [LOOKS.Item0.left * CM, LOOKS.Item1.left * CM, LOOKS.Item2.left * CM, LOOKS.Item3.left * CM];

function itemStyle(level: 0 | 1 | 2 | 3): IParagraphStyleOptions {
  return style(`Item${level}`, `ITU item ${level + 1}`, {});
}

const PARAGRAPH_STYLES: IParagraphStyleOptions[] = [
  style('CoverConference', 'ITU cover conference', { run: { bold: true, size: 28 }, paragraph: { spacing: { before: 0, after: 120 } } }),
  style('CoverMeeting', 'ITU cover meeting', { run: { bold: true }, paragraph: { spacing: { before: 240 } } }),
  style('CoverRight', 'ITU cover document', { run: { bold: true }, paragraph: { alignment: AlignmentType.RIGHT, spacing: { before: 0 } } }),
  style('CoverSource', 'ITU cover source', { run: { bold: true, size: 28 }, paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 720 } } }),
  style('CoverTitle', 'ITU cover title', {
    run: { bold: true, size: 28, allCaps: true }, paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 240, after: 480 } },
  }),
  style('CoverField', 'ITU cover field', {}),
  style('ProposalHeading', 'ITU proposal heading', {
    run: { bold: true },
    paragraph: { keepNext: true, spacing: { before: 480 }, indent: { left: 2 * CM, hanging: 2 * CM } },
  }),
  style('ActionLine', 'ITU proposal', {
    paragraph: { keepNext: true, keepLines: true, spacing: { before: 360 } },
  }),
  style('NumberLine', 'ITU resolution number', { paragraph: { keepNext: true, spacing: { before: 480 } } }),
  style('ResTitle', 'ITU resolution title', { paragraph: { keepNext: true, spacing: { before: 240 } } }),
  style('CallHeading', 'ITU call', { paragraph: { keepNext: true, keepLines: true, spacing: { before: 160 } } }),
  itemStyle(0), itemStyle(1), itemStyle(2), itemStyle(3),
  style('Reasons', 'ITU reasons', { paragraph: { spacing: { before: 240 } } }),
  style('Heading1', 'heading 1', { paragraph: { keepNext: true, spacing: { before: 360 } } }),
  style('Heading2', 'heading 2', { paragraph: { keepNext: true, spacing: { before: 240 } } }),
  style('Heading3', 'heading 3', { paragraph: { keepNext: true, spacing: { before: 200 } } }),
  style('Separator', 'ITU separator', { paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 360, after: 120 } } }),
  style('End', 'ITU reasons end', { paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 720 } } }),
];

const left = (position: number): TabStopDefinition[] => [{ type: TabStopType.LEFT, position }];

/**
 * Tab stops per style. Word styles can hold them, but the `docx` package only takes them on
 * paragraphs, so the writer adds them to every paragraph of the style.
 */
export const TAB_STOPS: Partial<Record<ParaStyle, TabStopDefinition[]>> = {
  Item0: left(ITEM_INDENT[0]), Item1: left(ITEM_INDENT[1]), Item2: left(ITEM_INDENT[2]), Item3: left(ITEM_INDENT[3]),
  ProposalHeading: left(2 * CM), ActionLine: left(2 * CM), Reasons: left(2 * CM),
  CoverMeeting: [{ type: TabStopType.RIGHT, position: 9638 }],
};

/** The style sheet every .docx export carries. */
export const ITU_STYLES: IStylesOptions = {
  default: {
    document: {
      run: { font: FONT, size: 24 },
      paragraph: { spacing: { before: 120, after: 0, line: 240 } },
    },
    footnoteText: {
      run: { font: FONT, size: 20 },
      paragraph: { spacing: { before: 60 }, indent: { left: CM / 2, hanging: CM / 2 } },
    },
    footnoteReference: { run: { superScript: true } },
  },
  paragraphStyles: PARAGRAPH_STYLES,
};

/** Page setup: A4, ITU margins (2 cm sides, 2.5 cm top). */
export const PAGE = {
  size: { width: 11906, height: 16838 },
  margin: { top: Math.round(2.5 * CM), bottom: 2 * CM, left: 2 * CM, right: 2 * CM, header: CM, footer: CM },
};

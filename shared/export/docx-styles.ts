// ITU-like Word styles for the .docx exports: Times New Roman 12 pt, single spacing, centred bold
// number line and title, italic call headings, hanging-indent items with a tab stop after the label.
import { AlignmentType, TabStopType, type IParagraphStyleOptions, type IStylesOptions, type TabStopDefinition } from 'docx';
import type { ParaStyle } from './layout';

const FONT = 'Times New Roman';
/** Twips per centimetre. */
const CM = 567;
/** Label column of items per level: each level indents one more label column. */
const ITEM_INDENT = [1 * CM, 2 * CM, 3 * CM, 4 * CM];

function style(id: ParaStyle, name: string, props: Omit<IParagraphStyleOptions, 'id' | 'name'>): IParagraphStyleOptions {
  return { id, name, basedOn: 'Normal', next: 'Normal', quickFormat: true, ...props };
}

function itemStyle(level: 0 | 1 | 2 | 3): IParagraphStyleOptions {
  const left = ITEM_INDENT[level];
  return style(`Item${level}`, `ITU item ${level + 1}`, {
    paragraph: { indent: { left, hanging: CM } },
  });
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
  style('NumberLine', 'ITU resolution number', {
    run: { size: 28 }, paragraph: { alignment: AlignmentType.CENTER, keepNext: true, spacing: { before: 480 } },
  }),
  style('ResTitle', 'ITU resolution title', {
    run: { bold: true, size: 28 }, paragraph: { alignment: AlignmentType.CENTER, keepNext: true, spacing: { before: 240 } },
  }),
  style('CallHeading', 'ITU call', {
    run: { italics: true }, paragraph: { keepNext: true, keepLines: true, spacing: { before: 160 }, indent: { left: 2 * CM / 2 } },
  }),
  itemStyle(0), itemStyle(1), itemStyle(2), itemStyle(3),
  style('Reasons', 'ITU reasons', {
    paragraph: { spacing: { before: 240 }, indent: { left: 2 * CM, hanging: 2 * CM } },
  }),
  style('Heading1', 'heading 1', { run: { bold: true, size: 28 }, paragraph: { keepNext: true, spacing: { before: 360 } } }),
  style('Heading2', 'heading 2', { run: { bold: true }, paragraph: { keepNext: true, spacing: { before: 240 } } }),
  style('Heading3', 'heading 3', { run: { bold: true, italics: true }, paragraph: { keepNext: true, spacing: { before: 200 } } }),
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

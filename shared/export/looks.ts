// The look of each ITU paragraph style that the editor and the exports must share: weight, slant,
// size, alignment and indents. docx-styles.ts builds the Word styles from it, html.ts and the
// editor (client/editor/looks-css.ts) their style sheets, so the editor looks like the export.
// Spacing, page breaks and tab stops stay with each writer.
import type { ParaStyle } from './layout';

export interface Look {
  bold: boolean;
  italic: boolean;
  /** Font size in points. */
  size: number;
  align: 'left' | 'center';
  /** Left indent of the paragraph and the hanging indent of its first line, in centimetres. */
  left: number;
  hanging: number;
}

const base: Look = { bold: false, italic: false, size: 12, align: 'left', left: 0, hanging: 0 };
const look = (props: Partial<Look>): Look => ({ ...base, ...props });

/** The shared looks, by ITU style: number line regular 14 pt, title bold 14 pt, call headings italic and indented, items hanging on their label. */
export const LOOKS = {
  Normal: look({}),
  NumberLine: look({ size: 14, align: 'center' }),
  ResTitle: look({ bold: true, size: 14, align: 'center' }),
  CallHeading: look({ italic: true, left: 1 }),
  Item0: look({ left: 1, hanging: 1 }),
  Item1: look({ left: 2, hanging: 1 }),
  Item2: look({ left: 3, hanging: 1 }),
  Item3: look({ left: 4, hanging: 1 }),
  Reasons: look({ left: 2, hanging: 2 }),
  Heading1: look({ bold: true, size: 14 }),
  Heading2: look({ bold: true }),
  Heading3: look({ bold: true, italic: true }),
} satisfies Partial<Record<ParaStyle, Look>>;

export type LookedStyle = keyof typeof LOOKS;
export const LOOKED_STYLES = Object.keys(LOOKS) as LookedStyle[];

/** Where the editor draws each style (schema.ts's toDOM), inside `.itu-document`. */
export const EDITOR_SELECTORS: Record<LookedStyle, string> = {
  Normal: 'p:not([class])',
  NumberLine: '.number-line',
  ResTitle: '.res-title',
  CallHeading: '.call-heading',
  Item0: '.item[data-level="0"]',
  Item1: '.item[data-level="1"]',
  Item2: '.item[data-level="2"]',
  Item3: '.item[data-level="3"]',
  Reasons: '.reasons',
  Heading1: 'h1',
  Heading2: 'h2',
  Heading3: 'h3',
};

/** CSS declarations drawing `l`. */
export function lookDeclarations(l: Look): string {
  return [
    `font-weight: ${l.bold ? 'bold' : 'normal'}`, `font-style: ${l.italic ? 'italic' : 'normal'}`, `font-size: ${l.size}pt`,
    `text-align: ${l.align}`, `padding-left: ${l.left}cm`, `text-indent: ${-l.hanging}cm`,
  ].join('; ');
}

/** A style sheet giving every looked style its look, the selector of each made by `selector`. */
export function looksCss(selector: (style: LookedStyle) => string): string {
  return LOOKED_STYLES.map((style) => `${selector(style)} { ${lookDeclarations(LOOKS[style])}; }`).join('\n');
}

// Paragraph styles -> what the paragraph is: Word's headings, the ITU template's styles (`Call`,
// `enumlev1`, `ResNo`, `Restitle`, `Reasons`) and the styles of our own export (`CallHeading`,
// `Item0`, `NumberLine` ...). Used for the text a style names and for a former style (w:pPrChange).
import type { Attrs } from 'prosemirror-model';

export interface StyledBlock {
  type: 'paragraph' | 'heading' | 'call_heading' | 'item' | 'number_line' | 'title' | 'reasons';
  attrs: Attrs;
}

/** A style id in a form to compare: no spaces, hyphens or underscores, lower case. */
export function styleName(styleId: string): string {
  return styleId.replace(/[\s_-]/g, '').toLowerCase();
}

/** The block a paragraph of this style is, or null for a style that says nothing of it. */
export function styledBlock(styleId: string | null): StyledBlock | null {
  const name = styleName(styleId ?? 'normal');
  const heading = /^(?:heading|berschrift|titre)([1-6])$/.exec(name);
  if (heading) return { type: 'heading', attrs: { level: Math.min(Number(heading[1]), 3) } };
  const item = /^(?:item([0-3])|enumlev([1-4]))$/.exec(name);
  if (item) return { type: 'item', attrs: { level: item[1] !== undefined ? Number(item[1]) : Number(item[2]) - 1 } };
  switch (name) {
    case 'normal': case 'bodytext': case 'textbody': return { type: 'paragraph', attrs: { align: null } };
    case 'call': case 'callheading': return { type: 'call_heading', attrs: {} };
    case 'numberline': case 'resno': case 'decno': case 'recno': case 'opno': case 'questno': return { type: 'number_line', attrs: {} };
    case 'restitle': case 'dectitle': case 'rectitle': return { type: 'title', attrs: {} };
    case 'reasons': return { type: 'reasons', attrs: {} };
    default: return null;
  }
}

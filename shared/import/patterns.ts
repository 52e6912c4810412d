// Word patterns of ITU documents: the verb phrases that open call headings and the cover-page
// fields. Kept apart from the classifier so the vocabulary can grow without touching the rules.
import type { CoverFieldName } from '../schema';

// The call phrases of ITU resolutions, the one list of them (a test checks it against
// ../shared/ITU-FORMAT.md): preamble phrases, then operative ones; `further`/`also` may precede
// or follow them, and operative ones run on (`resolves to instruct ...`, `instructs the Director ...`).
export const CALL_PHRASES: readonly string[] = [
  'considering', 'recalling', 'recognizing', 'recognising', 'noting', 'aware', 'conscious', 'mindful',
  'emphasizing', 'emphasising', 'bearing in mind', 'keeping in mind', 'taking into account', 'taking into consideration',
  'taking note', 'having regard to', 'having considered', 'having noted', 'having examined', 'having reviewed', 'having heard',
  'convinced', 'concerned', 'deeply concerned', 'alarmed', 'acknowledging', 'affirming', 'reaffirming', 'welcoming',
  'observing', 'stressing', 'underlining', 'underscoring', 'highlighting', 'cognizant', 'believing', 'expressing',
  'guided by', 'in view of', 'realizing', 'seeing', 'endorsing', 'appreciating', 'commending', 'reiterating', 'desiring',
  'regretting', 'deploring',
  'resolves', 'decides', 'instructs', 'invites', 'requests', 'encourages', 'calls upon', 'calls on', 'appeals', 'urges',
  'recommends', 'approves', 'adopts', 'endorses', 'agrees', 'charges', 'asks', 'directs', 'authorizes', 'entrusts',
  'confirms', 'declares', 'supports', 'reminds', 'expresses', 'notes', 'recognizes', 'emphasizes', 'accepts', 'establishes',
  'affirms', 'reaffirms', 'welcomes', 'stresses', 'underlines', 'commends', 'appreciates', 'designates',
];
const CALL = new RegExp(`^(?:(?:further|also)\\s+)?(?:${CALL_PHRASES.map((w) => w.replace(/ /g, '\\s+')).join('|')})(?=$|[\\s,])`, 'i');

/**
 * Whether a line is a call heading: it starts (lower case) with a call phrase, is short and does
 * not end like a sentence (`considering`, `instructs the Director of the ... Bureau`, `resolves further`).
 */
export function callHeadingText(text: string): boolean {
  if (!/^[a-z]/.test(text) || text.length > 250 || text.includes('\t')) return false;
  if (/[.;,:!?]$/.test(text)) return false;
  return CALL.test(text);
}

interface CoverPattern {
  name: CoverFieldName;
  test: RegExp;
  /** The field is a label whose value may follow on the next lines (`Summary:`). */
  label?: boolean;
}

const COVER_PATTERNS: CoverPattern[] = [
  { name: 'meeting', test: /^(?:PLENARY MEETING|COMMITTEE\s+\d+[A-Z]?|(?:[A-Z]+\s)+MEETING)$/ },
  { name: 'document', test: /^(?:(?:Addendum|Revision|Corrigendum)\s+\d+\s+to\s+)*Document\s+[A-Z]*\d[\w\/()\u2011-]*(?:-[A-Z])?$/i },
  { name: 'date', test: /^(?:\d{1,2}\s+[A-Z][a-z]+|[A-Z][a-z]+\s+\d{1,2},)\s+\d{4}$/ },
  { name: 'original', test: /^Original\s*:\s*\S/i },
  { name: 'source', test: /^(?:Source\s*:|Note by the\s|(?:[A-Z][a-z]+\s)+Common Proposals?$)/ },
  { name: 'title', test: /^Proposals? for the work of the\s/i },
  { name: 'conference', test: /^(?!The\s)[^\t]*\b(?:Conference|Assembly)\b[^\t]*\([A-Z]{2,}[-\u2011]\d{2,4}\)/ },
  { name: 'agenda', test: /^(?:Agenda items?|Priority areas?|Study areas?|Issue|Objective)\b[^:\n]{0,40}:/i, label: true },
  { name: 'summary', test: /^Summary\s*:/i, label: true },
  { name: 'expected', test: /^Expected results?\s*:/i, label: true },
  { name: 'references', test: /^References?\s*:/i, label: true },
  { name: 'abstract', test: /^Abstract\s*:/i, label: true },
];

/** The cover field a line is, by its own text, or null. */
export function coverField(text: string): { name: CoverFieldName; labelOnly: boolean } | null {
  if (text.length > 300) return null;
  for (const pattern of COVER_PATTERNS) {
    const m = pattern.test.exec(text);
    if (m) return { name: pattern.name, labelOnly: !!pattern.label && !/\S/.test(text.slice(m[0].length)) };
  }
  return null;
}

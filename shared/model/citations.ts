// Revision citations: "Resolution 71 (Rev. Busan, 2014)", "Resolutions 25 and 123 (Rev. Dubai,
// 2018)", "Resolution 172 (Guadalajara, 2010)", and a resolution's own number line and
// conference line ("The ... Conference (Dubai, 2014),"). Finding them is a pure function of the
// document; proposing updates makes one tracked change per citation (the smallest readable one:
// `Rev. ~~Busan, 2014~~ Dubai, 2018`), reviewable like any change.
import type { Node as PMNode } from 'prosemirror-model';
import type { EditorState, Transaction } from 'prosemirror-state';
import { schema, type Action, type ResolutionKind } from '../schema';
import { trackUser, UNTRACKED_META } from '../track/plugin';
import { newChangeId, type TrackUser } from '../track/revision';
import { DEFAULT_PROPOSER, suggestionAttrs, trackedReplace } from './tracked-replace';
import type { Sector } from './resolution-refs';
import { resolutionOf } from './resolution-target';

/** A conference revision: where and when (`Dubai`, 2018). */
export interface Revision {
  place: string;
  year: number;
}

export interface Citation {
  kind: ResolutionKind;
  /** The numbers cited, as printed (`25`, `123`). */
  numbers: string[];
  /** The citation says "Rev.". */
  rev: boolean;
  place: string;
  year: number;
  /** The conference named right after it (`Plenipotentiary Conference`, `this conference`), or null. */
  of: string | null;
  /**
   * `citation` in the text; `number line` and `conference line` are a resolution's own (its
   * revision, and the conference that adopted it), which a MOD moves to the conference drafted for.
   */
  role: CitationRole;
  /** The enclosing proposal's action, or null outside proposals. */
  action: Action | null;
  /** The Sector of the resolution holding the citation (whose "this conference" it is), or null. */
  within: Sector | null;
  /** The citation as it reads, e.g. `Resolution 71 (Rev. Busan, 2014)`. */
  text: string;
  /** Document positions of the text inside the parentheses (`Rev. Busan, 2014`). */
  from: number;
  to: number;
}

export type CitationRole = 'citation' | 'number line' | 'conference line';

/** The current revision of a resolution: `(kind, number, citation)` -> its revision, or null when unknown. */
export type CitationLibrary = (kind: ResolutionKind, number: string, citation?: Citation) => Revision | null;

interface Found extends Citation {
  /** Position of each character of the live text inside the parentheses. */
  positions: number[];
  inside: string;
  /** Position of the textblock (or footnote) holding it. */
  block: number;
}

const NUM = '(?:ITU[-\\u2011][RTD]\\s+)?\\d+[A-Z]?(?:[-\\u2011]\\d+)?';
const CITATION = new RegExp(
  `\\b(Resolution|Decision|Recommendation|Opinion|Question)s?\\s+(${NUM}(?:\\s*(?:,|and|&)\\s*${NUM})*)\\s*`
  + '\\(((Rev\\.?\\s*)?([^(),\\d][^(),]*?),\\s*(\\d{4}))\\)',
  'gi',
);
// `The World Telecommunication Development Conference (Dubai, 2014),`: the place and year of a resolution's conference line.
const CONFERENCE_LINE = /^(The\s[^()]*?\b(?:Conference|Assembly)\s*)\((([^(),\d][^(),]*?),\s*(\d{4}))\)\s*[,:]?\s*$/;
const OF = /^\s*of\s+(this\s+(?:conference|assembly)|the\s+[^(),;:.]*?(?:Conference|Assembly|Council|Summit)|(?:the\s+)?(?:WTDC|WTSA|PP|RA|WRC|CA)(?:[-\u2011]\d{2})?\b)/i;

/** Live text (deletions left out) of the text children of a textblock or footnote, with positions. */
function liveText(node: PMNode, start: number): { text: string; positions: number[] } {
  let text = '';
  const positions: number[] = [];
  node.forEach((child, offset) => {
    if (!child.isText || schema.marks.deletion.isInSet(child.marks)) return;
    for (let i = 0; i < child.text!.length; i++) positions.push(start + offset + i);
    text += child.text!;
  });
  return { text, positions };
}

function scan(doc: PMNode): Found[] {
  const out: Found[] = [];
  let action: Action | null = null;
  let resolution: PMNode | null = null;
  let within: Sector | null = null;
  const read = (node: PMNode, start: number, role: CitationRole) => {
    const { text, positions } = liveText(node, start);
    if (!text.includes('(')) return;
    if (role === 'conference line') {
      const m = CONFERENCE_LINE.exec(text);
      if (!m || !resolution) return;
      const inside = m[1].length + 1;
      out.push({
        kind: resolution.attrs.kind as ResolutionKind, numbers: [String(resolution.attrs.number ?? '')], rev: false,
        place: m[3].trim(), year: Number(m[4]), of: null, role, action, within, text: text.trim(),
        from: positions[inside], to: positions[inside + m[2].length - 1] + 1,
        positions: positions.slice(inside, inside + m[2].length), inside: m[2], block: start,
      });
      return;
    }
    CITATION.lastIndex = 0;
    for (let m = CITATION.exec(text); m; m = CITATION.exec(text)) {
      const insideStart = m.index + m[0].length - 1 - m[3].length;
      const of = OF.exec(text.slice(m.index + m[0].length));
      out.push({
        kind: m[1].toUpperCase() as ResolutionKind,
        numbers: m[2].split(/\s*(?:,|and|&)\s*/).map((n) => n.trim()).filter(Boolean),
        rev: !!m[4],
        place: m[5].trim(),
        year: Number(m[6]),
        of: of ? of[1].replace(/^the\s+/i, '').replace(/\s+/g, ' ') : null,
        role,
        action,
        within,
        text: m[0],
        from: positions[insideStart],
        to: positions[insideStart + m[3].length - 1] + 1,
        positions: positions.slice(insideStart, insideStart + m[3].length),
        inside: m[3],
        block: start,
      });
    }
  };
  doc.descendants((node, pos, parent) => {
    if (parent === doc) {
      action = node.type.name === 'proposal' ? (node.attrs.action as Action) : null;
      within = null;
    }
    if (node.type.name === 'resolution') {
      resolution = node;
      within = resolutionOf(node, doc)?.sector ?? null;
    }
    if (node.type.name === 'footnote') {
      read(node, pos + 1, 'citation');
      return false;
    }
    if (node.isTextblock) {
      const own = parent?.type.name === 'resolution';
      read(node, pos + 1, node.type.name === 'number_line' ? 'number line' : 'citation');
      if (own && node.type.name === 'paragraph') read(node, pos + 1, 'conference line');
    }
    return true;
  });
  return out;
}

/** Every revision citation of `doc`, in document order (footnotes included; deleted text left out). */
export function findCitations(doc: PMNode): Citation[] {
  return scan(doc).map(({ positions: _positions, inside: _inside, ...citation }) => citation);
}

function sameRevision(citation: Citation, target: Revision): boolean {
  // A conference line names the conference, never with "Rev.".
  const rev = citation.rev || citation.role === 'conference line';
  return rev && citation.year === target.year && citation.place.replace(/\s+/g, ' ') === target.place;
}

/**
 * The revision a citation should cite, or null when it is current or cannot be told. A cited
 * resolution moves only to a newer revision (never to one of the same year: that is another
 * body's resolution of the same number).
 */
function targetOf(citation: Citation, library: CitationLibrary, conference: Revision): Revision | null {
  let target: Revision | null = null;
  if (citation.role !== 'citation') {
    // Only a MOD's own lines move to the conference drafted for; base texts stay as they are.
    if (citation.action !== 'MOD' && citation.action !== '(MOD)') return null;
    target = conference;
  } else {
    for (const number of citation.numbers) {
      const found = library(citation.kind, number, citation);
      // "Resolutions 25 and 123 (Rev. ...)" shares one revision: update only when all agree.
      if (!found || (target && (target.place !== found.place || target.year !== found.year))) return null;
      target = found;
    }
    if (target && target.year <= citation.year) return null;
  }
  return target && !sameRevision(citation, target) ? target : null;
}

const TOKEN = /\s+|[^\s,.]+|[,.]/g;

/** Tokens compare equal when they are the same word, or both spaces (a kept non-breaking space stays). */
function sameToken(a: string, b: string): boolean {
  return a === b || (!a.trim() && !b.trim());
}

/** The smallest token-wise replacement turning the citation's inside into `Rev. Place, Year` (`Place, Year` in a conference line). */
function replacement(found: Found, target: Revision): { from: number; to: number; text: string } {
  const wanted = `${found.role === 'conference line' ? '' : 'Rev. '}${target.place}, ${target.year}`;
  const a = found.inside.match(TOKEN) ?? [], b = wanted.match(TOKEN) ?? [];
  let head = 0;
  while (head < a.length && head < b.length && sameToken(a[head], b[head])) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && sameToken(a[a.length - 1 - tail], b[b.length - 1 - tail])) tail++;
  const start = a.slice(0, head).join('').length;
  const end = found.inside.length - a.slice(a.length - tail).join('').length;
  const text = b.slice(head, b.length - tail).join('');
  if (end > start) return { from: found.positions[start], to: found.positions[end - 1] + 1, text };
  // Nothing to delete: the new words go right after the kept ones.
  const at = start > 0 ? found.positions[start - 1] + 1 : found.from;
  return { from: at, to: at, text };
}

/**
 * Citations of one resolution under several revisions in one paragraph ("Resolution 18 (Rev.
 * Dubai, 2014) and Resolution 18 (Rev. Buenos Aires, 2017)") cite history on purpose: left alone.
 */
function historicalCitations(found: readonly Found[]): Set<Found> {
  const revisions = new Map<string, Set<string>>();
  const key = (f: Found, n: string) => `${f.block} ${f.kind} ${n}`;
  for (const f of found) {
    for (const n of f.numbers) {
      const set = revisions.get(key(f, n)) ?? new Set<string>();
      set.add(`${f.place} ${f.year}`);
      revisions.set(key(f, n), set);
    }
  }
  return new Set(found.filter((f) => f.role === 'citation' && f.numbers.some((n) => revisions.get(key(f, n))!.size > 1)));
}

export interface CitationUpdateOptions {
  library: CitationLibrary;
  /** The conference the document is drafted for: a MOD's own number line moves to it. */
  conference: Revision;
  /** Whom the changes are attributed to; default: the track-mode user. */
  user?: TrackUser;
}

/**
 * A transaction updating every outdated citation of the document, each as one tracked change
 * (suggested, by `user`). It has no steps when every citation is current.
 */
export function proposeCitationUpdates(state: EditorState, opts: CitationUpdateOptions): Transaction {
  const user = opts.user ?? trackUser(state) ?? DEFAULT_PROPOSER;
  const time = Date.now();
  const tr = state.tr.setMeta(UNTRACKED_META, true);
  const found = scan(state.doc);
  const historical = historicalCitations(found);
  const updates = found
    .filter((citation) => !historical.has(citation))
    .map((citation) => ({ found: citation, target: targetOf(citation, opts.library, opts.conference) }))
    .filter((u): u is { found: Found; target: Revision } => u.target !== null);
  for (let i = updates.length - 1; i >= 0; i--) {
    const { from, to, text } = replacement(updates[i].found, updates[i].target);
    trackedReplace(tr, from, to, text, suggestionAttrs(user, time, newChangeId()));
  }
  return tr;
}

// New proposal units built from a base text: a MOD copies the provision in force (so that every
// later edit is a revision mark against it), a SUP keeps its number line and title, an ADD starts a
// DRAFT NEW RESOLUTION skeleton, a NOC is the proposal line only. Pure functions of the schema's
// nodes; the client decides how the unit enters the document (untracked or as a tracked insertion).
import type { Node as PMNode, Schema } from 'prosemirror-model';
import type { Action } from '../schema';
import { isAction } from './proposals';
import type { Revision } from './citations';

export interface NewProposalOptions {
  action: Action;
  ref: string;
  heading?: string;
  /** The provision concerned (a `resolution` node) of a MOD, (MOD), SUP or SUP*; without one the unit is empty. */
  base?: PMNode | null;
  /** The conference drafted for, for an ADD's conference line (`The … Conference (Place, Year),`). */
  conference?: { name: string; revision: Revision | null } | null;
  /** The document the unit goes into: an ADD numbers its draft resolution after the ones it has. */
  doc?: PMNode;
}

/** Actions that start from a provision in force. */
export const BASE_TEXT_ACTIONS: readonly Action[] = ['MOD', '(MOD)', 'SUP', 'SUP*'];

export function needsBaseText(action: Action): boolean {
  return BASE_TEXT_ACTIONS.includes(action);
}

/** A node's text with hard breaks read as spaces and footnotes left out. */
export function plainText(node: PMNode): string {
  let text = '';
  node.forEach((child) => {
    if (child.isText) text += child.text;
    else if (child.type.name === 'hard_break') text += ' ';
  });
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * An example heading for a new unit, made from what the unit is (for the heading field's
 * placeholder): `ECP-3: Revision to Resolution 30: <title>` for a MOD of Resolution 30 as EUR's
 * third proposal, `Suppression of Resolution 185: ...` for a SUP, `Draft new Resolution` for an ADD.
 */
export function headingExample(action: string, ref: string, base: { kind: string; number: string; title?: string } | null): string {
  const m = /^([A-Z]{2,8})\/.*?(\d+)\s*$/.exec(ref.trim());
  const label = m?.[1] === 'EUR' ? `ECP-${m[2]}: ` : '';
  const provision = base ? `${base.kind.charAt(0)}${base.kind.slice(1).toLowerCase()} ${base.number}` : 'Resolution …';
  const title = base?.title ? `: ${base.title}` : '';
  switch (action) {
    case 'MOD': case '(MOD)': return `${label}Revision to ${provision}${title}`;
    case 'SUP': case 'SUP*': return `${label}Suppression of ${provision}${title}`;
    case 'NOC': return `${label}${provision}${title} (no change)`;
    default: return base ? `${label}${provision}${title}` : `${label}Draft new Resolution …`;
  }
}

/**
 * The text of a textblock as agreed so far: suggested insertions left out, text whose deletion is
 * only suggested kept, agreed deletions left out (what a dialog may quote as the document's text).
 */
export function agreedText(node: PMNode): string {
  let text = '';
  node.forEach((child) => {
    const revision = child.marks.find((m) => m.type.name === 'insertion' || m.type.name === 'deletion');
    const shown = !revision || (revision.type.name === 'insertion') === (revision.attrs.status === 'agreed');
    if (!shown) return;
    if (child.isText) text += child.text;
    else if (child.type.name === 'hard_break') text += ' ';
  });
  return text.replace(/\s+/g, ' ').trim();
}

/** The group code of a reference (`EUR` of `EUR/XXA1/3`), or null. */
export function groupOfReference(ref: string): string | null {
  const m = /^([A-Z]{2,8})\//.exec(ref.trim());
  return m ? m[1] : null;
}

/** The number the next draft new resolution of `group` gets in `doc`: `[EUR-3]` after `[EUR-1]` and `[EUR-2]`. */
export function nextDraftNumber(doc: PMNode | undefined, group: string): string {
  let highest = 0;
  const own = new RegExp(`^\\[${group}-(\\d+)\\]$`);
  doc?.descendants((node) => {
    if (node.type.name !== 'resolution') return node.type.name === 'proposal' || node.type.name === 'doc';
    const m = own.exec(String(node.attrs.number ?? ''));
    if (m) highest = Math.max(highest, Number(m[1]));
    return false;
  });
  return `[${group}-${highest + 1}]`;
}

const CONFERENCE_NAME = /^(.*?)\s*\(([^()]*)\)\s*$/;
const PLACE_YEAR = /^\s*([^(),\d][^(),]*?),\s*(\d{4})\s*$/;
const SHORT_YEAR = /[-\u2011](\d{2})\s*$/;

/**
 * The conference a document is drafted for, read from its cover's conference field:
 * `World Telecommunication Development Conference (Kigali, 2022)` gives the name and the revision;
 * `… (WTDC-25)` only the name and the year (`place` empty: ask the user for it). Null without a cover field.
 */
export function coverConference(doc: PMNode): { name: string; revision: Revision | null; year: number | null } | null {
  const cover = doc.firstChild?.type.name === 'cover' ? doc.firstChild : null;
  let field: PMNode | null = null;
  cover?.forEach((child) => {
    if (!field && child.attrs.name === 'conference') field = child;
  });
  const text = field ? agreedText(field) : '';
  if (!text) return null;
  const m = CONFERENCE_NAME.exec(text);
  const name = (m ? m[1] : text).replace(/^the\s+/i, '').trim();
  const inside = m?.[2] ?? '';
  const placeYear = PLACE_YEAR.exec(inside);
  if (placeYear) {
    const year = Number(placeYear[2]);
    return { name, revision: { place: placeYear[1].trim(), year }, year };
  }
  const short = SHORT_YEAR.exec(inside);
  return { name, revision: null, year: short ? 2000 + Number(short[1]) : null };
}

/** The base text as a provision of the new unit: same content, its block revision records dropped. */
function copyOfBase(schema: Schema, base: PMNode): PMNode {
  const clean = (node: PMNode): PMNode => {
    if (node.isText) return node.mark(node.marks.filter((m) => m.type !== schema.marks.insertion && m.type !== schema.marks.deletion && m.type !== schema.marks.formatChange));
    const children: PMNode[] = [];
    node.forEach((child) => {
      // Text deleted in the base text is not in force.
      if (child.isText && schema.marks.deletion.isInSet(child.marks)) return;
      children.push(clean(child));
    });
    const attrs = 'track' in node.attrs ? { ...node.attrs, track: null } : node.attrs;
    return node.type.create(attrs, children, node.marks);
  };
  return clean(base);
}

function checkBase(schema: Schema, base: PMNode, action: Action): PMNode {
  if (base.type !== schema.nodes.resolution) throw new RangeError(`The base text of a ${action} proposal must be a resolution, not ${base.type.name}`);
  return base;
}

function skeleton(schema: Schema, opts: NewProposalOptions): PMNode {
  const { resolution, number_line, title, paragraph, call_heading, item } = schema.nodes;
  const group = groupOfReference(opts.ref) ?? 'GROUP';
  const number = nextDraftNumber(opts.doc, group);
  const t = (s: string) => (s ? [schema.text(s)] : []);
  const conference = opts.conference;
  const where = conference?.revision ? `${conference.revision.place}, ${conference.revision.year}` : 'Place, Year';
  return resolution.createChecked({ kind: 'RESOLUTION', number }, [
    number_line.create(null, t(`DRAFT NEW RESOLUTION ${number}`)),
    title.create(null, t('[Title of the draft new resolution]')),
    paragraph.create(null, t(`The ${conference?.name || 'World Telecommunication Development Conference'} (${where}),`)),
    call_heading.create(null, t('considering')),
    item.create({ level: 0 }, t('a)\t…')),
    call_heading.create(null, t('resolves')),
    item.create({ level: 0 }, t('1\t…')),
  ]);
}

/**
 * The proposal unit for `opts.action` (see ITU-FORMAT.md): an empty intro paragraph (where the
 * cursor goes), then for MOD and (MOD) a copy of the base text, for SUP and SUP* its number line
 * and title, for ADD and ADD* a draft new resolution skeleton, for NOC nothing; each closes with an
 * empty `Reasons:` paragraph. A MOD or SUP without a base text is an empty unit to type into.
 */
export function buildProposalUnit(schema: Schema, opts: NewProposalOptions): PMNode {
  if (!isAction(opts.action)) throw new RangeError(`Unknown proposal action: ${String(opts.action)}`);
  if (typeof opts.ref !== 'string') throw new RangeError('A proposal reference must be a string');
  const { proposal, resolution, number_line, title, paragraph, reasons } = schema.nodes;
  const attrs = { action: opts.action, ref: opts.ref.trim(), heading: opts.heading?.trim() ?? '' };
  const body: PMNode[] = [];
  switch (opts.action) {
    case 'MOD':
    case '(MOD)':
      if (opts.base) body.push(copyOfBase(schema, checkBase(schema, opts.base, opts.action)));
      break;
    case 'SUP':
    case 'SUP*': {
      if (!opts.base) break;
      const base = checkBase(schema, opts.base, opts.action);
      const lines = [number_line.create(null, base.firstChild?.type === number_line ? base.firstChild.content : null)];
      const baseTitle = base.childCount > 1 && base.child(1).type === title ? base.child(1) : null;
      if (baseTitle) lines.push(title.create(null, baseTitle.content));
      body.push(copyOfBase(schema, resolution.createChecked({ kind: base.attrs.kind, number: base.attrs.number }, lines)));
      break;
    }
    case 'ADD':
    case 'ADD*':
      body.push(skeleton(schema, opts));
      break;
    case 'NOC':
      break;
  }
  return proposal.createChecked(attrs, [paragraph.create(), ...body, reasons.create()]);
}

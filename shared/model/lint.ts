// lint: what blocks or weakens a submission. Errors block it (missing or duplicate reference
// numbers, unknown actions, changes still only suggested); warnings point at likely mistakes
// (here for proposals, in lint-content.ts for tables, lists, cover, field codes and footnotes).
import type { Node as PMNode } from 'prosemirror-model';
import { ACTIONS } from '../schema';
import { outdatedCitations, type RevisionLookup } from './citation-refs';
import { contentProblems } from './lint-content';
import { formatResolutionRef } from './resolution-refs';
import { isAction } from './proposals';
import { parseReference } from './references';
import { revisionKind, scanRevisions, snippet, type ScannedRevision } from './revision-scan';

export interface Problem {
  severity: 'error' | 'warning';
  /** Stable identifier of the rule, e.g. `duplicate-ref`. */
  code: string;
  message: string;
  proposalRef?: string;
  /** Document position of the proposal (or of the change) concerned. */
  pos?: number;
}

interface Unit {
  node: PMNode;
  pos: number;
  index: number;
  ref: string;
  action: string;
  revisions: ScannedRevision[];
}

const REF_SHAPE = /^[A-Z][A-Z0-9-]*\/[0-9X]+(?:A[0-9X]+)?\/\d+$/i;

function name(unit: Unit): string {
  return unit.ref ? unit.ref : `proposal #${unit.index + 1}`;
}

function problem(severity: Problem['severity'], code: string, message: string, unit?: Unit, pos?: number): Problem {
  const out: Problem = { severity, code, message };
  if (unit?.ref) out.proposalRef = unit.ref;
  const at = pos ?? unit?.pos;
  if (at !== undefined) out.pos = at;
  return out;
}

function references(units: Unit[]): Problem[] {
  const out: Problem[] = [];
  const seen = new Map<string, Unit>();
  const lastSerial = new Map<string, { serial: number; unit: Unit }>();
  for (const unit of units) {
    if (!unit.ref.trim()) {
      out.push(problem('error', 'missing-ref', `${name(unit)} (${unit.action}) has no reference number`, unit));
      continue;
    }
    const first = seen.get(unit.ref);
    if (first) {
      out.push(problem('error', 'duplicate-ref', `${unit.ref} is used twice (proposals #${first.index + 1} and #${unit.index + 1})`, unit));
      continue;
    }
    seen.set(unit.ref, unit);
    const parsed = parseReference(unit.ref);
    if (!parsed || !REF_SHAPE.test(unit.ref.trim())) {
      out.push(problem('warning', 'ref-format', `${unit.ref} does not look like GROUP/DocNo[A Addendum]/serial (e.g. EUR/48A1/1)`, unit));
      if (!parsed) continue;
    }
    const prev = lastSerial.get(parsed.prefix);
    const expected = prev ? prev.serial + 1 : 1;
    if (parsed.serial !== expected) {
      const after = prev ? `follows ${prev.unit.ref}` : `is the first proposal of ${parsed.prefix}`;
      out.push(problem('warning', 'serial-order', `${unit.ref} ${after}: expected serial ${expected}`, unit));
    }
    lastSerial.set(parsed.prefix, { serial: parsed.serial, unit });
  }
  return out;
}

/** Whether anything in the unit other than its intro, number line, title and Reasons carries text. */
function supBody(unit: Unit): boolean {
  let body = false;
  let seenProvision = false;
  unit.node.forEach((child) => {
    if (child.type.name === 'reasons') return;
    if (child.type.name === 'resolution') {
      seenProvision = true;
      child.forEach((part) => {
        if (part.type.name !== 'number_line' && part.type.name !== 'title' && part.textContent.trim()) body = true;
      });
    } else if (seenProvision && child.textContent.trim()) {
      body = true;
    }
  });
  return body;
}

function units(doc: PMNode, revisions: ScannedRevision[]): Unit[] {
  const out: Unit[] = [];
  let index = 0;
  doc.forEach((node, pos, docIndex) => {
    if (node.type.name !== 'proposal') return;
    out.push({
      node, pos, index: index++, ref: String(node.attrs.ref ?? ''), action: String(node.attrs.action ?? ''),
      revisions: revisions.filter((r) => r.proposalIndex === docIndex),
    });
  });
  return out;
}

function provisionRevisions(unit: Unit): ScannedRevision[] {
  // Revisions of the intro (before the first resolution) and of the proposal node itself do not change the provision.
  let start = -1;
  unit.node.forEach((child, offset) => {
    if (start < 0 && child.type.name === 'resolution') start = unit.pos + 1 + offset;
  });
  const from = start < 0 ? unit.pos + 1 : start;
  return unit.revisions.filter((r) => r.pos >= from && r.kind !== 'attribute');
}

export interface LintOptions {
  /** The library's newest revisions: with it, a MOD citing a resolution by an older revision is warned of (`outdated-citation`). */
  library?: RevisionLookup;
}

/** The problems of a document, errors first, each group in document order. */
export function lint(doc: PMNode, opts: LintOptions = {}): Problem[] {
  const revisions = scanRevisions(doc);
  const all = units(doc, revisions);
  const out: Problem[] = references(all);
  for (const unit of all) {
    const who = name(unit);
    if (!isAction(unit.action)) {
      out.push(problem('error', 'unknown-action', `${who} has an unknown action '${unit.action}' (expected ${ACTIONS.join(', ')})`, unit));
      continue;
    }
    if ((unit.action === 'MOD' || unit.action === '(MOD)') && !provisionRevisions(unit).length) {
      out.push(problem('warning', 'mod-without-change', `${who} is a ${unit.action} but its text has no insertion or deletion (NOC?)`, unit));
    }
    if ((unit.action === 'ADD' || unit.action === 'ADD*') && unit.revisions.length) {
      const n = unit.revisions.length;
      out.push(problem('warning', 'add-with-revisions',
        `${who} is an ${unit.action} but has ${n} revision mark${n === 1 ? '' : 's'}; new text is submitted plain: accept them into the text`, unit));
    }
    if ((unit.action === 'SUP' || unit.action === 'SUP*') && supBody(unit)) {
      out.push(problem('warning', 'sup-with-body', `${who} is a ${unit.action}: only the number line and title are submitted, the rest of its text is left out`, unit));
    }
    let reasons: string | null = null;
    unit.node.forEach((child) => {
      if (child.type.name === 'reasons') reasons = (reasons ?? '') + child.textContent;
    });
    if (reasons === null) {
      out.push(problem('warning', 'missing-reasons', `${who} has no Reasons`, unit));
    } else if (!(reasons as string).replace(/^\s*Reasons\s*:/i, '').trim()) {
      out.push(problem('warning', 'empty-reasons', `${who} has an empty Reasons paragraph`, unit));
    }
  }
  for (const rev of revisions) {
    if (rev.status !== 'suggested') continue;
    const where = rev.proposalRef ? `in ${rev.proposalRef}` : rev.proposalIndex >= 0 ? 'in a proposal without reference' : 'outside proposals';
    out.push({
      severity: 'error', code: 'suggested-change',
      message: `suggested ${revisionKind(rev)} by ${rev.authorName || rev.author || 'unknown'} ${where} not yet agreed: "${snippet(rev.text)}"`,
      ...(rev.proposalRef ? { proposalRef: rev.proposalRef } : {}), pos: rev.pos,
    });
  }
  out.push(...contentProblems(doc));
  if (opts.library) {
    for (const { citation, ref, newest } of outdatedCitations(doc, opts.library)) {
      out.push({
        severity: 'warning', code: 'outdated-citation', pos: citation.from,
        message: `"${citation.text.trim()}" cites ${formatResolutionRef(ref)}; the library's newest is ${newest.place}, ${newest.year}: update the citation (Citations…)`,
      });
    }
  }
  const rank = (p: Problem) => (p.severity === 'error' ? 0 : 1);
  return out.sort((a, b) => rank(a) - rank(b) || (a.pos ?? 0) - (b.pos ?? 0));
}

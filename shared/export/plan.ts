// A document -> its Layout for one export format: the cover page and the standard title, then one
// section per proposal unit (heading, intro, action line, the text the action calls for, Reasons).
import type { Node as PMNode } from 'prosemirror-model';
import { ACTIONS, type Action } from '../schema';
import { isAction } from '../model/proposals';
import { blocksOf, viewBlock } from './blocks';
import { inlinesOf } from './inline';
import { FootnoteNumbers, inlineText, para, text, type Block, type Inline, type Layout, type Para, type Section } from './layout';
import type { Policy, Region } from './policy';

const COVER_STYLES: Record<string, Para['style']> = {
  conference: 'CoverConference', meeting: 'CoverMeeting', document: 'CoverRight', date: 'CoverRight',
  original: 'CoverRight', source: 'CoverSource', title: 'CoverTitle',
};
const COVER_LABELS: Record<string, string> = {
  agenda: 'Agenda item:', summary: 'Summary:', expected: 'Expected results:', references: 'References:', abstract: 'Abstract:',
};

interface CoverLayout {
  paras: Para[];
  /** Plain text of some fields, by name, for the document's properties and page headers. */
  fields: Record<string, string>;
}

/** A field whose text starts with a label of its own (`Priority area:`, `Summary:`) gets no added label. */
const OWN_LABEL = /^[^\t:]{1,40}:/;

/**
 * The cover page as the document's cover fields give it, nothing added: a document's title is its
 * own `title` field (a proposals document made in the app has "PROPOSALS FOR THE WORK OF THE
 * CONFERENCE" there), so a document without one gets none, and a round trip adds none.
 */
function coverLayout(cover: PMNode | null, policy: Policy, notes: FootnoteNumbers): CoverLayout {
  const out: Para[] = [];
  const fields: Record<string, string> = {};
  const ctx = { policy, region: 'plain' as Region, inherited: null, notes };
  cover?.forEach((field) => {
    const name = String(field.attrs.name);
    const inlines = inlinesOf(field, ctx);
    const plain = inlineText(inlines).trim();
    fields[name] ??= plain;
    const label = COVER_LABELS[name];
    if (label && !OWN_LABEL.test(plain)) out.push(para('CoverField', text(label, { bold: true })));
    out.push(para(COVER_STYLES[name] ?? 'CoverField', inlines));
  });
  return { paras: out, fields };
}

const isMod = (action: Action) => action === 'MOD' || action === '(MOD)';

/** `ECP-1: Revision to ...` with the label in bold and a tab after it. */
function headingInlines(heading: string): Inline[] {
  const match = /^([A-Z]{2,}-?\s?\d+[A-Za-z]?:)\s*(.*)$/s.exec(heading.trim());
  if (!match) return text(heading.trim(), { bold: true });
  return [...text(match[1], { bold: true }), { type: 'tab', style: {}, revision: null }, ...text(match[2], { bold: true })];
}

/** The Reasons paragraph with its label in bold followed by a tab, whether or not the text typed it. */
function reasonsPara(block: Para): Para {
  const first = block.inlines[0];
  const match = first?.type === 'text' && !first.revision ? /^\s*Reasons\s*:[ \u00a0]*/i.exec(first.text) : null;
  let rest = block.inlines;
  if (match && first?.type === 'text') {
    const tail = first.text.slice(match[0].length);
    rest = [...(tail ? [{ ...first, text: tail }] : []), ...block.inlines.slice(1)];
  }
  if (rest[0]?.type === 'tab' && !rest[0].revision) rest = rest.slice(1);
  return { ...block, inlines: [...text('Reasons:', { bold: true }), { type: 'tab', style: {}, revision: null }, ...rest] };
}

function describe(node: PMNode, index: number): string {
  return node.attrs.ref ? `proposal ${node.attrs.ref}` : `proposal #${index + 1} (no reference number)`;
}

/** What a submission shows of a proposal's text: everything for MOD/ADD, number line and title for SUP, nothing for NOC. */
function submissionBody(action: Action, body: PMNode[]): PMNode[] {
  if (action === 'NOC') return [];
  if (action !== 'SUP' && action !== 'SUP*') return body;
  const kept: PMNode[] = [];
  for (const node of body) {
    if (node.type.name !== 'resolution') continue;
    node.forEach((child) => {
      if (child.type.name === 'number_line' || child.type.name === 'title') kept.push(child);
    });
  }
  return kept;
}

function proposalSection(node: PMNode, index: number, policy: Policy, notes: FootnoteNumbers): Section | null {
  const view = viewBlock(node, { policy, region: 'plain' });
  if (view.joinNext || view.joinPrev) return null;
  const action = view.attrs.action as string;
  if (!isAction(action) && policy.format === 'submission') {
    throw new Error(`${describe(node, index)} has an unknown action '${action}' (expected one of ${ACTIONS.join(', ')})`);
  }
  const children = node.content.content;
  const firstProvision = children.findIndex((c) => c.type.name === 'resolution');
  const intro = firstProvision > 0 ? children.slice(0, firstProvision) : [];
  const rest = children.slice(intro.length);
  const body = rest.filter((c) => c.type.name !== 'reasons');
  const reasons = rest.filter((c) => c.type.name === 'reasons');
  const region: Region = isAction(action) && !isMod(action) ? 'plain' : 'provision';
  // Each proposal numbers its footnotes from 1 (and each resolution in it again).
  notes.restart();
  const plain = { policy, region: 'plain' as Region, inherited: view.mark, notes };

  const blocks: Block[] = [];
  const heading = String(view.attrs.heading ?? '');
  // A unit inserted or deleted as a whole (and shown so) carries the revision on every paragraph mark.
  if (heading.trim()) blocks.push(para('ProposalHeading', headingInlines(heading), view.mark));
  blocks.push(...blocksOf(intro, plain));
  const ref = String(view.attrs.ref ?? '');
  blocks.push(para('ActionLine', [...text(action, { bold: true }), { type: 'tab', style: {}, revision: null }, ...text(ref, { bold: true })], view.mark));
  const shown = policy.format === 'submission' && isAction(action) ? submissionBody(action, body) : body;
  const bodyRegion: Region = action === 'SUP' || action === 'SUP*' || action === 'NOC' ? 'plain' : region;
  blocks.push(...blocksOf(shown, { policy, region: bodyRegion, inherited: view.mark, notes }));
  for (const block of blocksOf(reasons, plain)) blocks.push(block.type === 'para' ? reasonsPara(block) : block);
  return { blocks };
}

/** Lays out `doc` for `policy.format`. */
export function planLayout(doc: PMNode, policy: Policy): Layout {
  const cover = doc.firstChild?.type.name === 'cover' ? doc.firstChild : null;
  const notes = new FootnoteNumbers();
  const { paras, fields } = coverLayout(cover, policy, notes);
  const sections: Section[] = [];
  let loose: PMNode[] = [];
  const flushLoose = () => {
    if (loose.length) sections.push({ blocks: blocksOf(loose, { policy, region: 'plain', inherited: null, notes }) });
    loose = [];
  };
  let proposals = 0;
  let shown = 0;
  doc.forEach((node) => {
    if (node === cover) return;
    if (node.type.name !== 'proposal') return void loose.push(node);
    flushLoose();
    const section = proposalSection(node, proposals++, policy, notes);
    if (!section) return;
    if (shown++) section.blocks.unshift(para('Separator', text('* * *')));
    sections.push(section);
  });
  flushLoose();
  const last = sections[sections.length - 1];
  if (last) last.blocks.push(para('End', text('______________')));
  return {
    cover: paras,
    sections,
    title: [fields.source, fields.title].filter(Boolean).join(': '),
    reference: fields.document ?? '',
  };
}

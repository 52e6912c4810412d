// A unit added and not yet reviewed (a unit record on the proposal, shared/track/unit.ts) in the
// exports: the submission prints it exactly as the same unit without the record, so the unit's own
// content carries no w:ins beyond the MOD's own revision marks (a proposal is not a change to the
// base text); the review copy shows it as added by its author; the clean copy leaves out a unit
// still suggested, like any suggested insertion, and keeps one agreed.
import type { Node as PMNode } from 'prosemirror-model';
import { describe, expect, it } from 'vitest';
import { exportDocument } from '../../shared/export';
import { schema } from '../../shared/schema';
import { withUnitRecord } from '../../shared/track/unit';
import { docxPart, wordRevisions } from './export-office';
import { addProposal, cover, docWithSuggestion, modProposal, nocProposal, STANDARD_COVER, supProposal } from './export-sample';

const DATE = new Date(Date.UTC(2018, 8, 24));
const CAROL = { id: 'u-carol', name: 'Carol Diaz' };

const docOf = (units: PMNode[]) => schema.node('doc', null, [cover(STANDARD_COVER), ...units]);
const added = (unit: PMNode, status: 'suggested' | 'agreed' = 'suggested') => {
  const withRecord = withUnitRecord(unit, CAROL, Date.UTC(2018, 8, 1));
  if (status === 'suggested') return withRecord;
  return withRecord.type.create({ ...withRecord.attrs, track: withRecord.attrs.track.map((r: object) => ({ ...r, status })) }, withRecord.content);
};
const xml = async (doc: PMNode, format: 'submission' | 'review' | 'clean', includeSuggested = format === 'submission') =>
  docxPart(await exportDocument(doc, { format, includeSuggested, date: DATE }), 'word/document.xml');

describe('a unit added, in the exports', () => {
  const units = [modProposal(), addProposal(), supProposal(), nocProposal()];

  it('is printed in the submission exactly as the unit without its record: no w:ins beyond the MOD\'s own marks', async () => {
    for (const status of ['suggested', 'agreed'] as const) {
      for (let i = 0; i < units.length; i++) {
        const plain = docOf(units);
        const marked = docOf(units.map((u, j) => (j === i ? added(u, status) : u)));
        const [withRecord, without] = await Promise.all([xml(marked, 'submission'), xml(plain, 'submission')]);
        expect(withRecord, `${units[i].attrs.action} ${status}`).toBe(without);
      }
    }
    // the MOD's own marks are there, attributed to the group; nothing of Carol's
    const submission = await xml(docOf([added(modProposal())]), 'submission');
    const revisions = wordRevisions(submission);
    expect(revisions.ins).toBeGreaterThan(0);
    expect([...revisions.authors]).not.toContain(CAROL.name);
    expect(revisions.ins).toBe(wordRevisions(await xml(docOf([modProposal()]), 'submission')).ins);
  });

  it('is refused in a submission while suggested, unless included on purpose', async () => {
    await expect(exportDocument(docOf([added(modProposal())]), { format: 'submission', date: DATE })).rejects.toThrow(/suggested/);
    await expect(exportDocument(docOf([added(modProposal(), 'agreed')]), { format: 'submission', date: DATE })).resolves.toBeInstanceOf(Uint8Array);
  });

  it('shows as added by its author in the review copy; the clean copy leaves it out until agreed', async () => {
    const review = wordRevisions(await xml(docOf([added(nocProposal())]), 'review'));
    expect(review.authors).toContain(CAROL.name);
    expect(review.paragraphMarks).toBeGreaterThan(0);
    const clean = await xml(docOf([added(nocProposal())]), 'clean');
    expect(clean).not.toContain('Strategic plan for the Union');
    expect(await xml(docOf([added(nocProposal(), 'agreed')]), 'clean')).toContain('Strategic plan for the Union');
    // asked to include the suggested changes, the clean copy applies them
    expect(await xml(docOf([added(nocProposal())]), 'clean', true)).toContain('Strategic plan for the Union');
  });
});

describe('suggested text changes in a clean copy', () => {
  /** The text of word/document.xml's runs, joined. */
  const text = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');

  it('keeps the base text, or applies the changes when asked to include them', async () => {
    const base = await xml(docWithSuggestion(), 'clean');
    expect(text(base)).toContain('the role of ITU-T with regard to internet domain names;');
    const included = await xml(docWithSuggestion(), 'clean', true);
    expect(text(included)).toContain('the role of ITU-T and ITU-D with regard to domain names;');
    expect(wordRevisions(included)).toMatchObject({ ins: 0, del: 0 });
  });
});

// What each format does with revisions, seen in the laid-out document (plan.ts): paragraph-mark
// joins, attribute changes, suggested changes, proposal structure; and exportDocument's checks.
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { defaultGroup, exportDocument, exportFileType } from '../../shared/export';
import { inlineText, type Layout, type Para } from '../../shared/export/layout';
import { planLayout } from '../../shared/export/plan';
import type { Policy } from '../../shared/export/policy';
import { schema, type BlockRevision } from '../../shared/schema';
import {
  ALICE, BOB, CAROL, blockTrack, call, cover, del, ins, item, modProposal, numberLine, p, proposal, reasons, resolution,
  sampleDoc, STANDARD_COVER, title, trackedItem,
} from './export-sample';

const DATE = new Date('2018-09-10T08:00:00Z');
const policy = (format: Policy['format']): Policy => ({ format, group: 'CEPT', date: DATE });
const paras = (layout: Layout) => layout.sections.flatMap((s) => s.blocks).filter((b): b is Para => b.type === 'para');
const lines = (layout: Layout) => paras(layout).map((b) => `${b.style}: ${inlineText(b.inlines)}`);
const docOf = (...units: ReturnType<typeof proposal>[]) => schema.node('doc', null, [cover(STANDARD_COVER), ...units]);
const mod = (...content: ReturnType<typeof p>[]) =>
  proposal('MOD', 'EUR/48A1/1', [resolution('1', numberLine('RESOLUTION 1'), ...content), reasons('Reasons:\tr')]);

describe('layout of revisions', () => {
  it('joins a paragraph whose mark deletion is applied to the next one, which keeps its style', () => {
    // "a) first" lost its paragraph mark: accepting joins it with the call heading's paragraph.
    const doc = docOf(mod(trackedItem(blockTrack('deletion', BOB), 'a)\tfirst '), call('resolves')));
    expect(lines(planLayout(doc, policy('clean')))).toContain('CallHeading: a)\tfirst resolves');
    expect(lines(planLayout(doc, policy('review')))).toEqual(expect.arrayContaining(['Item0: a)\tfirst ', 'CallHeading: resolves']));
  });

  it('drops a wholly deleted item in the clean copy and keeps it, marked, in the review copy', () => {
    const doc = docOf(mod(item('a)\tkept'), trackedItem(blockTrack('deletion', BOB), del('b)\tgone')), item('c)\tlast')));
    expect(lines(planLayout(doc, policy('clean')))).toEqual(expect.arrayContaining(['Item0: a)\tkept', 'Item0: c)\tlast']));
    expect(lines(planLayout(doc, policy('clean'))).join('\n')).not.toContain('gone');
    const review = paras(planLayout(doc, policy('review'))).find((b) => inlineText(b.inlines) === 'b)\tgone')!;
    expect(review.mark).toMatchObject({ kind: 'deletion', author: BOB.name, status: 'agreed' });
  });

  it('rejects a suggested inserted paragraph mark in the clean copy by joining back to the previous paragraph', () => {
    const doc = docOf(mod(item('a)\tone half'), trackedItem(blockTrack('insertion', CAROL, 'suggested'), ' and the other')));
    expect(lines(planLayout(doc, policy('clean')))).toContain('Item0: a)\tone half and the other');
    const submission = paras(planLayout(doc, policy('submission'))).find((b) => inlineText(b.inlines) === ' and the other')!;
    expect(submission.mark).toMatchObject({ kind: 'insertion', author: 'CEPT', date: DATE });
  });

  it('drops a suggested inserted footnote from the clean copy and shows it as inserted in the review copy', () => {
    const note = schema.node('footnote', null, [schema.text('New note.')]).mark([ins('x', CAROL, 'suggested').marks[0]]);
    const doc = docOf(mod(p('organizations', note, ' involved')));
    const notesOf = (format: Policy['format']) => paras(planLayout(doc, policy(format))).flatMap((b) => b.inlines).filter((i) => i.type === 'footnote');
    expect(notesOf('clean')).toEqual([]);
    const [shown] = notesOf('review');
    expect(shown).toMatchObject({ revision: { kind: 'insertion', author: CAROL.name, status: 'suggested' } });
    expect(shown.type === 'footnote' && shown.content[0]).toMatchObject({ text: 'New note.', revision: { kind: 'insertion' } });
  });

  it('shows an attribute change as the former style, and the clean copy ignores a suggested one', () => {
    const change: BlockRevision[] = [{ kind: 'attribute', id: 'a1', author: ALICE.id, authorName: ALICE.name, time: 1, status: 'suggested', old: { level: 0 } }];
    const doc = docOf(mod(schema.node('item', { level: 1, track: change }, [schema.text('i)\tsub-item')])));
    const review = paras(planLayout(doc, policy('review'))).find((b) => inlineText(b.inlines) === 'i)\tsub-item')!;
    expect(review.style).toBe('Item1');
    expect(review.formerStyle).toMatchObject({ style: 'Item0', revision: { author: ALICE.name } });
    expect(lines(planLayout(doc, policy('clean')))).toContain('Item0: i)\tsub-item');
  });

  it('attributes submission revisions to the group and review revisions to their authors', () => {
    const doc = docOf(mod(item('a)\t', del('old', BOB), ins('new', ALICE))));
    const revisionsOf = (format: Policy['format']) => paras(planLayout(doc, policy(format)))
      .flatMap((b) => b.inlines).flatMap((i) => (i.type === 'text' && i.revision ? [`${i.revision.kind} ${i.revision.author} ${i.text}`] : []));
    expect(revisionsOf('submission')).toEqual(['deletion CEPT old', 'insertion CEPT new']);
    expect(revisionsOf('review')).toEqual([`deletion ${BOB.name} old`, `insertion ${ALICE.name} new`]);
    expect(revisionsOf('clean')).toEqual([]);
  });

  it('applies revisions of the intro and of ADD text in a submission instead of showing them', () => {
    const unit = proposal('ADD', 'EUR/48A1/2', [
      p('Intro ', del('draft', BOB), ins('final', ALICE)),
      resolution('[EUR-1]', numberLine('DRAFT NEW RESOLUTION [EUR-1]'), title('New'), p('text ', ins('added', ALICE), del(' removed', BOB))),
      reasons('r'),
    ]);
    expect(lines(planLayout(docOf(unit), policy('submission')))).toEqual([
      'Normal: Intro final', 'ActionLine: ADD\tEUR/48A1/2', 'NumberLine: DRAFT NEW RESOLUTION [EUR-1]', 'ResTitle: New',
      'Normal: text added', 'Reasons: Reasons:\tr', 'End: ______________',
    ]);
  });

  it('leaves a proposal deleted as a whole out of the clean copy, separators only between the units shown', () => {
    const gone = schema.node('proposal', { action: 'NOC', ref: 'EUR/48A1/1', track: blockTrack('deletion', BOB) }, [reasons('r')]);
    const doc = docOf(gone, mod(item('a)\tone')), mod(item('a)\ttwo')));
    const clean = lines(planLayout(doc, policy('clean')));
    expect(clean.filter((l) => l.startsWith('ActionLine'))).toEqual(['ActionLine: MOD\tEUR/48A1/1', 'ActionLine: MOD\tEUR/48A1/1']);
    expect(clean.filter((l) => l.startsWith('Separator'))).toHaveLength(1);
    expect(clean[0]).toBe('ActionLine: MOD\tEUR/48A1/1');
    const review = paras(planLayout(doc, policy('review')));
    expect(review[0]).toMatchObject({ style: 'ActionLine', mark: { kind: 'deletion', author: BOB.name } });
    expect(review.find((b) => b.style === 'Reasons')?.mark).toMatchObject({ kind: 'deletion', author: BOB.name });
  });

  it.each([
    ['MOD', ['NumberLine: RESOLUTION 9 (Rev. oldnew)', 'CallHeading: resolves', 'Item0: 1\tbody']],
    ['(MOD)', ['NumberLine: RESOLUTION 9 (Rev. oldnew)', 'CallHeading: resolves', 'Item0: 1\tbody']],
    ['ADD', ['NumberLine: RESOLUTION 9 (Rev. new)', 'CallHeading: resolves', 'Item0: 1\tbody']],
    ['ADD*', ['NumberLine: RESOLUTION 9 (Rev. new)', 'CallHeading: resolves', 'Item0: 1\tbody']],
    ['SUP', ['NumberLine: RESOLUTION 9 (Rev. new)']],
    ['SUP*', ['NumberLine: RESOLUTION 9 (Rev. new)']],
    ['NOC', []],
  ])('submits %s with the text its action calls for', (action, body) => {
    const unit = proposal(action, 'EUR/48A1/1', [
      resolution('9', numberLine('RESOLUTION 9 (Rev. ', del('old', BOB), ins('new', ALICE), ')'), call('resolves'), item('1\tbody')),
      reasons('Reasons:\tr'),
    ]);
    expect(lines(planLayout(docOf(unit), policy('submission')))).toEqual([
      `ActionLine: ${action}\tEUR/48A1/1`, ...body, 'Reasons: Reasons:\tr', 'End: ______________',
    ]);
  });

  it('puts the ECP heading and intro before the action line and separates proposals', () => {
    const layout = planLayout(sampleDoc(), policy('submission'));
    const all = lines(layout);
    expect(all.slice(0, 3)).toEqual([
      'ProposalHeading: ECP-1:\tRevision to Resolution 133: Role of administrations of Member States in the management of internationalized (multilingual) domain names',
      'Normal: The proposed revision to Resolution 133 aims to update the resolution and highlight the multistakeholder approach.',
      'ActionLine: MOD\tEUR/48A1/1',
    ]);
    expect(all.filter((l) => l.startsWith('Separator'))).toHaveLength(3);
    expect(layout.cover.map((c) => inlineText(c.inlines))).toContain('PROPOSALS FOR THE WORK OF THE CONFERENCE');
  });
});

describe('exportDocument', () => {
  it('takes the group from the cover\'s source, else "Proposals"', () => {
    expect(defaultGroup(sampleDoc())).toBe('European Common Proposals');
    expect(defaultGroup(schema.node('doc', null, [modProposal()]))).toBe('Proposals');
  });

  it('invents no cover title: the cover gives it, a document without one gets none', async () => {
    const bare = schema.node('doc', null, [modProposal()]);
    expect(planLayout(bare, policy('clean')).cover).toEqual([]);
    const bytes = await exportDocument(bare, { format: 'submission' });
    expect(String.fromCharCode(...bytes.subarray(0, 2))).toBe('PK');
    // No cover: no cover page either (the text starts on page 1, which has no page header).
    const xml = strFromU8(unzipSync(bytes)['word/document.xml']);
    expect(xml).not.toContain('<w:type w:val="nextPage"/>');
    expect(xml.match(/<w:sectPr>/g)).toHaveLength(1);
    expect(xml).toContain('<w:titlePg/>');
    const empty = await exportDocument(schema.node('doc', null, []), { format: 'html' });
    expect(new TextDecoder().decode(empty)).not.toContain('PROPOSALS FOR THE WORK OF THE CONFERENCE');
    // A cover with a title of its own (a mapping, a Working Group series) keeps it, alone.
    const { title: _standard, ...fields } = STANDARD_COVER;
    const own = planLayout(schema.node('doc', null, [cover({ ...fields, title: 'SIXTH SERIES OF TEXTS' }), modProposal()]), policy('review'));
    expect(own.cover.filter((c) => c.style === 'CoverTitle').map((c) => inlineText(c.inlines))).toEqual(['SIXTH SERIES OF TEXTS']);
    expect(own.title).toBe('European Common Proposals: SIXTH SERIES OF TEXTS');
    const untitled = planLayout(schema.node('doc', null, [cover(fields), modProposal()]), policy('review'));
    expect(untitled.cover.some((c) => c.style === 'CoverTitle')).toBe(false);
  });

  it('labels a cover field only when its text has no label of its own', () => {
    const doc = schema.node('doc', null, [cover({ agenda: 'Priority area:\t-\tResolutions', summary: 'Revision of Resolution 133.' }), modProposal()]);
    expect(planLayout(doc, policy('review')).cover.map((c) => inlineText(c.inlines))).toEqual([
      'Priority area:\t-\tResolutions', 'Summary:', 'Revision of Resolution 133.',
    ]);
  });

  it('names the file type of each format for downloads', () => {
    expect(exportFileType('submission')).toEqual({ extension: 'docx', mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
    expect(exportFileType('html')).toEqual({ extension: 'html', mediaType: 'text/html; charset=utf-8' });
  });

  it('rejects bad input with clear errors', async () => {
    const doc = sampleDoc();
    await expect(exportDocument(doc, { format: 'pdf' as never })).rejects.toThrow("unknown export format 'pdf' (expected submission, review, clean, html)");
    await expect(exportDocument({} as never, { format: 'clean' })).rejects.toThrow('exportDocument needs a ProseMirror document node');
    await expect(exportDocument(doc.child(1), { format: 'clean' })).rejects.toThrow('exportDocument needs a ProseMirror document node');
    await expect(exportDocument(doc, { format: 'submission', date: new Date('nope') })).rejects.toThrow('the export date must be a valid Date');
    await expect(exportDocument(doc, { format: 'submission', group: { name: ' ' } })).rejects.toThrow('the group name must be a non-empty string');
    const odd = schema.node('doc', null, [schema.node('proposal', { action: 'CHANGE', ref: 'EUR/1/1' }, [reasons('r')])]);
    await expect(exportDocument(odd, { format: 'submission' })).rejects.toThrow("proposal EUR/1/1 has an unknown action 'CHANGE'");
    await expect(exportDocument(odd, { format: 'review' })).resolves.toBeInstanceOf(Uint8Array);
  });
});

// lint on documents built with the schema: each rule fires on the mistake it names, with the
// proposal's reference and position, and stays quiet on a correct document.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importDocument } from '../../shared/import';
import { lint, type Problem } from '../../shared/model/lint';
import { schema } from '../../shared/schema';
import {
  ALICE, CAROL, addProposal, blockTrack, cover, del, docWithSuggestion, ins, item, modProposal, nocProposal, numberLine,
  p, proposal, reasons, resolution, sampleDoc, STANDARD_COVER, supProposal, title, trackedItem,
} from './export-sample';

const doc = (...units: ReturnType<typeof proposal>[]) => schema.node('doc', null, [cover(STANDARD_COVER), ...units]);
const codes = (problems: Problem[]) => problems.map((x) => `${x.severity} ${x.code}${x.proposalRef ? ` ${x.proposalRef}` : ''}`);

const plainAdd = (ref: string) => proposal('ADD', ref, [
  resolution('[EUR-2]', numberLine('DRAFT NEW RESOLUTION [EUR-2]'), title('Accessibility'), p('resolves to promote accessibility,')),
  reasons('Reasons:\tAccessibility matters.'),
]);
const bareSup = (ref: string) => proposal('SUP', ref, [
  resolution('185', numberLine('RESOLUTION 185 (Busan, 2014)'), title('Global flight tracking for civil aviation')),
  reasons('Reasons:\tNo longer needed.'),
]);

describe('lint', () => {
  it('finds nothing wrong in a well-formed document', () => {
    expect(lint(doc(modProposal('EUR/48A1/1'), plainAdd('EUR/48A1/2'), bareSup('EUR/48A1/3'), nocProposal('EUR/48A1/4')))).toEqual([]);
  });

  it('reports missing and duplicate reference numbers as errors, with the position of the proposal', () => {
    const d = doc(modProposal('EUR/48A1/1'), plainAdd(''), bareSup('EUR/48A1/1'));
    const problems = lint(d);
    expect(codes(problems)).toEqual(['error missing-ref', 'error duplicate-ref EUR/48A1/1']);
    const positions: number[] = [];
    d.forEach((node, pos) => node.type.name === 'proposal' && positions.push(pos));
    expect(problems.map((x) => x.pos)).toEqual([positions[1], positions[2]]);
    expect(problems[1].message).toBe('EUR/48A1/1 is used twice (proposals #1 and #3)');
  });

  it('warns when serials are out of order within one group and document, not across documents', () => {
    const problems = lint(doc(modProposal('EUR/48A1/1'), plainAdd('EUR/48A1/3'), bareSup('EUR/48A2/1'), nocProposal('EUR/48A1/4')));
    expect(codes(problems)).toEqual(['warning serial-order EUR/48A1/3']);
    expect(problems[0].message).toBe('EUR/48A1/3 follows EUR/48A1/1: expected serial 2');
    expect(codes(lint(doc(plainAdd('ACP/67A1/2'))))).toEqual(['warning serial-order ACP/67A1/2']);
    expect(codes(lint(doc(plainAdd('EUR/XXA2/1'), bareSup('EUR/XXA2/2'))))).toEqual([]);
  });

  it('warns about a reference that is not GROUP/DocNo/serial', () => {
    expect(codes(lint(doc(plainAdd('proposal one'))))).toEqual(['warning ref-format proposal one']);
  });

  it('warns about a MOD whose provision has no change (intro edits do not count)', () => {
    const unchanged = proposal('MOD', 'EUR/48A1/1', [
      p('Intro with a ', ins('late', ALICE), ' word.'),
      resolution('133', numberLine('RESOLUTION 133 (Rev. Busan, 2014)'), title('Role of administrations')),
      reasons('Reasons:\tAlignment.'),
    ]);
    expect(codes(lint(doc(unchanged)))).toEqual(['warning mod-without-change EUR/48A1/1']);
    const withBlockChange = proposal('(MOD)', 'EUR/48A1/1', [
      resolution('133', numberLine('RESOLUTION 133'), trackedItem(blockTrack('deletion', ALICE), 'a)\told item')),
      reasons('Reasons:\tEditorial.'),
    ]);
    expect(lint(doc(withBlockChange))).toEqual([]);
  });

  it('warns about revision marks in an ADD and body text in a SUP', () => {
    expect(codes(lint(doc(addProposal('EUR/48A1/1'), supProposal('EUR/48A1/2'))))).toEqual([
      'warning add-with-revisions EUR/48A1/1', 'warning sup-with-body EUR/48A1/2',
    ]);
  });

  it('warns about a proposal without Reasons or with an empty one', () => {
    const noReasons = proposal('ADD', 'EUR/48A1/1', [resolution('[EUR-2]', numberLine('DRAFT NEW RESOLUTION [EUR-2]'))]);
    const emptyReasons = proposal('NOC', 'EUR/48A1/2', [resolution('71', numberLine('RESOLUTION 71')), reasons('Reasons:\t')]);
    expect(codes(lint(doc(noReasons, emptyReasons)))).toEqual(['warning missing-reasons EUR/48A1/1', 'warning empty-reasons EUR/48A1/2']);
  });

  it('reports each suggested change as an error naming its author and text', () => {
    const problems = lint(docWithSuggestion()).filter((x) => x.code === 'suggested-change');
    expect(problems.map((x) => x.message)).toEqual([
      `suggested insertion by ${CAROL.name} in EUR/48A1/1 not yet agreed: "and ITU-D"`,
      `suggested deletion by ${CAROL.name} in EUR/48A1/1 not yet agreed: "internet"`,
    ]);
    expect(problems.every((x) => x.severity === 'error' && x.proposalRef === 'EUR/48A1/1')).toBe(true);
    expect(problems[0].pos).toBeLessThan(problems[1].pos!);
  });

  it('puts errors before warnings', () => {
    const problems = lint(doc(addProposal('EUR/48A1/1'), proposal('MOD', 'EUR/48A1/2', [
      resolution('1', numberLine('RESOLUTION 1'), item('a)\tx ', del('y', CAROL, 'suggested'))), reasons('Reasons:\tr'),
    ])));
    expect(codes(problems)).toEqual(['error suggested-change EUR/48A1/2', 'warning add-with-revisions EUR/48A1/1']);
  });

  it('flags an unknown action as an error', () => {
    const odd = schema.node('proposal', { action: 'CHANGE', ref: 'EUR/48A1/1' }, [reasons('Reasons:\tx')]);
    expect(codes(lint(doc(odd)))).toEqual(['error unknown-action EUR/48A1/1']);
  });

  it('accepts the sample document but for its ADD marks and SUP body', () => {
    expect(codes(lint(sampleDoc()))).toEqual(['warning add-with-revisions EUR/48A1/2', 'warning sup-with-body EUR/48A1/3']);
  });

  it('lints an imported real document: its SUP keeps body text, neither unit has Reasons', async () => {
    const imported = await importDocument(await readFile(resolve(process.cwd(), '../shared/fixtures/pp14-wgpl149-res64-mod.md'), 'utf8'));
    expect(codes(lint(imported))).toEqual([
      'warning sup-with-body WGPL/149/1', 'warning missing-reasons WGPL/149/1', 'warning missing-reasons WGPL/149/2',
    ]);
  });
});

// The new-proposal builder on the real base texts: a MOD copies WTDC-22 Resolution 30 as it is in
// force, SUP keeps number line and title, ADD numbers its draft resolution after the document's,
// NOC is the proposal line; the cover tells the conference drafted for.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Node as PMNode } from 'prosemirror-model';
import { schema } from '../../shared/schema';
import { importDocument } from '../../shared/import';
import { buildProposalUnit, coverConference, groupOfReference, headingExample, nextDraftNumber, plainText } from '../../shared/model/new-proposal';

const fixture = (name: string) => readFileSync(new URL(`../../../shared/fixtures/${name}`, import.meta.url), 'utf8');
let resolutions: PMNode;
let res30: PMNode;

beforeAll(async () => {
  resolutions = await importDocument(fixture('wtdc22-resolutions.txt'), { format: 'text' });
  resolutions.descendants((node) => {
    if (node.type.name === 'resolution' && node.attrs.number === '30') res30 = node;
    return !res30;
  });
});

describe('buildProposalUnit', () => {
  it('MOD copies the base text whole, untouched, between an empty intro and an empty Reasons', () => {
    const unit = buildProposalUnit(schema, { action: 'MOD', ref: 'EUR/XXA1/2', base: res30, heading: ' ECP-2: Revision to Resolution 30 ' });
    unit.check();
    expect(unit.attrs).toMatchObject({ action: 'MOD', ref: 'EUR/XXA1/2', heading: 'ECP-2: Revision to Resolution 30' });
    expect(unit.childCount).toBe(3);
    expect(unit.firstChild!.type.name).toBe('paragraph');
    expect(unit.firstChild!.content.size).toBe(0);
    expect(unit.child(1).eq(res30)).toBe(true);
    expect(unit.lastChild!.type.name).toBe('reasons');
    expect(unit.lastChild!.content.size).toBe(0);
  });

  it('MOD leaves out what the base text had deleted and drops its revision records', () => {
    const ins = schema.marks.insertion.create({ id: 'i1', author: 'u', status: 'agreed' });
    const del = schema.marks.deletion.create({ id: 'd1', author: 'u', status: 'agreed' });
    const base = schema.nodes.resolution.create({ kind: 'RESOLUTION', number: '7', track: [{ kind: 'insertion', id: 'b', author: 'u', authorName: 'U', time: 1, status: 'agreed' }] }, [
      schema.nodes.number_line.create(null, [schema.text('RESOLUTION 7 (Rev. '), schema.text('Busan, 2014', [del]), schema.text('Dubai, 2018', [ins]), schema.text(')')]),
    ]);
    const copy = buildProposalUnit(schema, { action: '(MOD)', ref: 'EUR/1/1', base }).child(1);
    expect(copy.attrs.track).toBeNull();
    expect(copy.firstChild!.textContent).toBe('RESOLUTION 7 (Rev. Dubai, 2018)');
    let marked = false;
    copy.descendants((n) => { if (n.marks.length) marked = true; });
    expect(marked).toBe(false);
  });

  it('SUP keeps the number line and the title only', () => {
    const unit = buildProposalUnit(schema, { action: 'SUP', ref: 'EUR/XXA1/3', base: res30 });
    const provision = unit.child(1);
    expect(provision.attrs).toMatchObject({ kind: 'RESOLUTION', number: '30' });
    expect(provision.childCount).toBe(2);
    expect(provision.firstChild!.textContent).toBe('RESOLUTION 30 (Rev. Kigali, 2022)');
    expect(plainText(provision.child(1))).toBe(plainText(res30.child(1)));
  });

  it('ADD starts a draft new resolution numbered after the group\'s others', () => {
    const doc1 = schema.node('doc', null, [buildProposalUnit(schema, { action: 'ADD', ref: 'EUR/XXA1/1' })]);
    expect(doc1.firstChild!.child(1).attrs.number).toBe('[EUR-1]');
    const unit = buildProposalUnit(schema, {
      action: 'ADD', ref: 'EUR/XXA1/2', doc: doc1,
      conference: { name: 'World Telecommunication Development Conference', revision: { place: 'Baku', year: 2025 } },
    });
    unit.check();
    const draft = unit.child(1);
    expect(draft.attrs.number).toBe('[EUR-2]');
    const lines: string[] = [];
    draft.forEach((child) => lines.push(`${child.type.name}: ${child.textContent}`));
    expect(lines).toEqual([
      'number_line: DRAFT NEW RESOLUTION [EUR-2]',
      'title: [Title of the draft new resolution]',
      'paragraph: The World Telecommunication Development Conference (Baku, 2025),',
      'call_heading: considering',
      'item: a)\t…',
      'call_heading: resolves',
      'item: 1\t…',
    ]);
  });

  it('NOC is the proposal line and Reasons only', () => {
    const unit = buildProposalUnit(schema, { action: 'NOC', ref: 'ACP/67A1/4' });
    expect(unit.content.content.map((n) => n.type.name)).toEqual(['paragraph', 'reasons']);
  });

  it('makes an empty MOD or SUP without a base text, and refuses a base that is no resolution and unknown actions', () => {
    for (const action of ['MOD', 'SUP'] as const) {
      expect(buildProposalUnit(schema, { action, ref: 'EUR/1/1' }).content.content.map((n) => n.type.name)).toEqual(['paragraph', 'reasons']);
    }
    expect(() => buildProposalUnit(schema, { action: 'SUP', ref: 'EUR/1/1', base: schema.nodes.paragraph.create() })).toThrow(/must be a resolution/);
    expect(() => buildProposalUnit(schema, { action: 'DEL' as never, ref: 'EUR/1/1' })).toThrow(/Unknown proposal action/);
  });
});

describe('helpers', () => {
  it('reads the group of a reference and the next draft number', () => {
    expect(groupOfReference('EUR/48A1/1')).toBe('EUR');
    expect(groupOfReference('48/1')).toBeNull();
    expect(nextDraftNumber(undefined, 'ACP')).toBe('[ACP-1]');
  });

  it('reads the conference drafted for from the cover', () => {
    const cover = (text: string) => schema.node('doc', null, [schema.node('cover', null, [schema.node('cover_field', { name: 'conference' }, text ? [schema.text(text)] : [])])]);
    expect(coverConference(cover('World Telecommunication Development Conference (Baku, 2025)'))).toEqual({
      name: 'World Telecommunication Development Conference', revision: { place: 'Baku', year: 2025 }, year: 2025,
    });
    expect(coverConference(cover('World Telecommunication Development Conference (WTDC-25)'))).toEqual({
      name: 'World Telecommunication Development Conference', revision: null, year: 2025,
    });
    expect(coverConference(cover(''))).toBeNull();
    expect(coverConference(resolutions)).toBeNull();
  });

  it('reads the conference as agreed: a suggested insertion is not quoted, a suggested deletion still is', () => {
    const rev = (type: 'insertion' | 'deletion', status: string) => schema.marks[type].create({ id: `${type}-${status}`, author: 'u1', authorName: 'Anna', time: 1, status });
    const field = schema.node('cover_field', { name: 'conference' }, [
      schema.text('World Telecommunication Development Conference '),
      schema.text('SUGGESTED ', [rev('insertion', 'suggested')]),
      schema.text('('),
      schema.text('Baku', [rev('deletion', 'suggested')]),
      schema.text('Paris', [rev('insertion', 'suggested')]),
      schema.text(', 2025)'),
      schema.text(' AGREED-GONE', [rev('deletion', 'agreed')]),
    ]);
    const doc = schema.node('doc', null, [schema.node('cover', null, [field])]);
    expect(coverConference(doc)).toEqual({ name: 'World Telecommunication Development Conference', revision: { place: 'Baku', year: 2025 }, year: 2025 });
  });

  it('gives an example heading that says what the unit is', () => {
    const res30 = { kind: 'RESOLUTION', number: '30', title: 'Role of ITU-D in WSIS' };
    expect(headingExample('MOD', 'EUR/XXA1/3', res30)).toBe('ECP-3: Revision to Resolution 30: Role of ITU-D in WSIS');
    expect(headingExample('SUP', 'EUR/48A1/7', { kind: 'RESOLUTION', number: '185' })).toBe('ECP-7: Suppression of Resolution 185');
    expect(headingExample('ADD', 'ACP/67A1/4', null)).toBe('Draft new Resolution …');
    expect(headingExample('MOD', 'EUR/XXA1/2', { kind: 'DECISION', number: '5' })).toBe('ECP-2: Revision to Decision 5');
  });
});

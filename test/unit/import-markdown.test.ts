// The markdown importer on the real conversions: revision marks (`~~deleted~~`, `[inserted](#)`),
// bold references, list markers, the cover and the action table.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Node as PMNode } from 'prosemirror-model';
import { importDocument } from '../../shared/import';
import { all, checkValid, children, fixtureBytes, fixtureText, revisions, visibleText } from './import-fixtures';

const RES64 = 'pp14-wgpl149-res64-mod.md';
const ADD = 'pp14-wgpl149-add-new-resolutions.md';
const docs: Record<string, PMNode> = {};

beforeAll(async () => {
  docs[RES64] = await importDocument(fixtureBytes(RES64));
  docs[ADD] = await importDocument(fixtureBytes(ADD), { format: 'markdown' });
});

/** Plain text with each revision shown as {+inserted+} or {-deleted-}. */
function marked(node: PMNode): string {
  let out = '';
  node.forEach((child) => {
    const ins = child.marks.some((m) => m.type.name === 'insertion');
    const del = child.marks.some((m) => m.type.name === 'deletion');
    const text = child.isText ? child.text! : '';
    out += ins ? `{+${text}+}` : del ? `{-${text}-}` : text;
  });
  return out;
}

describe('pp14-wgpl149-res64-mod.md (SUP and MOD with revision marks)', () => {
  const doc = () => docs[RES64];

  it('is valid and detected as markdown without being told', () => {
    expect(() => checkValid(doc())).not.toThrow();
    expect(revisions(doc(), 'insertion').size).toBeGreaterThan(0);
  });

  it('has SUP WGPL/149/1 with Resolution 35 and MOD WGPL/149/2 with Resolution 64', () => {
    const proposals = children(doc(), 'proposal');
    expect(proposals.map((p) => [p.attrs.action, p.attrs.ref])).toEqual([['SUP', 'WGPL/149/1'], ['MOD', 'WGPL/149/2']]);
    expect(proposals.map((p) => children(p, 'resolution').map((r) => r.attrs.number))).toEqual([['35'], ['64']]);
    const sup = children(proposals[0], 'resolution')[0];
    expect(children(sup).map((n) => [n.type.name, visibleText(n)])).toEqual([
      ['number_line', 'RESOLUTION 35 (KYOTO, 1994)'],
      ['title', 'Telecommunication support\nfor the protection of the environment'],
      ['paragraph', 'The Plenipotentiary Conference of the International Telecommunication Union (Kyoto, 1994),'],
    ]);
  });

  it('imports every insertion and deletion of the file as an agreed revision by the importer', () => {
    const source = fixtureText(RES64);
    const insertions = revisions(doc(), 'insertion');
    const deletions = revisions(doc(), 'deletion');
    expect(insertions.size).toBe(source.match(/\]\(#\)/g)!.length);
    expect(deletions.size).toBe(source.match(/~~[^~]+~~/g)!.length);
    const ids = [...insertions.keys(), ...deletions.keys()];
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^imp-\d+$/.test(id))).toBe(true);
    for (const { mark } of [...insertions.values(), ...deletions.values()]) {
      expect(mark.attrs).toMatchObject({ author: 'import', authorName: 'Imported', time: 0, status: 'agreed' });
    }
    expect([...deletions.values()].map((d) => d.text)).toContain('the governments of the Member States of the Union');
  });

  it('keeps revision ids stable across runs', async () => {
    const again = await importDocument(fixtureText(RES64), { format: 'markdown' });
    expect(again.toJSON()).toEqual(doc().toJSON());
  });

  it('marks the revision citation inside the number line and the conference line spanning two lines', () => {
    const res = all(doc(), 'resolution')[1];
    expect(marked(res.child(0))).toBe('RESOLUTION 64 (REV. {+GUADALAJARABUSAN, 2010+}{-2014-})');
    expect(visibleText(res.child(1))).toBe(
      'Non-discriminatory access to modern\ntelecommunication/information and communication technology\nfacilities, services and applications, including applied research and\ntransfer of technology, e-meetings, on mutually agreed terms',
    );
    expect(all(res.child(1), 'text').every((t) => t.marks.some((m) => m.type.name === 'strong'))).toBe(true);
    expect(marked(res.child(2))).toBe('The Plenipotentiary Conference of the International Telecommunication Union ({+Guadalajara, 2010+} {+Busan, 2014+}),');
  });

  it('turns list markers and labels into items with one tab, resolving escapes', () => {
    const items = all(doc(), 'item');
    const texts = items.map((i) => i.textContent);
    expect(texts[0]).toMatch(/^a\)\tthe outcomes of the Geneva \(2003\)/);
    expect(texts).toContain('2\tthe preamble and challenges chapters of statement of the WSIS+10 High-Level Event, Geneva (June 2014), especially \u00a7\u00a7 8;');
    expect(texts.some((t) => t.startsWith('1\tto continue, within the mandate of ITU'))).toBe(true);
    expect(marked(items.find((i) => i.textContent.startsWith('3.2\t'))!)).toBe(
      '3.2\tto {-cooperate with-} explore ways and means for greater collaboration and coordination with one another in the implementation of this resolution,',
    );
    expect(items.every((i) => /^[^\t\s]+\t\S/.test(i.textContent))).toBe(true);
  });

  it('finds the call headings, one of them with a deletion', () => {
    expect(all(doc(), 'call_heading').map((h) => h.textContent)).toEqual([
      'recalling', 'taking into account', 'taking into account also', 'taking into account further', 'emphasizing', 'noting',
      'recognizing', 'resolves', 'instructs the Directors of the three Bureaux', 'invites the governments of the Member States of the Union',
      'instructs the Secretary-General, in close cooperation with the Directors of the three Bureaux', 'further instructs the Secretary-General',
    ]);
  });

  it('reads the cover and the action table', () => {
    const cover = doc().child(0);
    expect(children(cover).map((f) => [f.attrs.name, visibleText(f)])).toEqual([
      ['meeting', 'COMMITTEE 4'],
      ['document', 'Document 149-E'],
      ['date', '3 November 2014'],
      ['original', 'Original: English'],
      ['source', 'WORKING GROUP OF THE PLENARY'],
      ['title', 'SIXTH SERIES OF TEXTS SUBMITTED BY\nWORKING GROUP OF THE PLENARY TO THE EDITORIAL COMMITTEE'],
    ]);
    const table = children(doc(), 'table')[0];
    const rows = children(table).map((row) => children(row).map((cell) => cell.textContent));
    expect(rows).toHaveLength(10);
    expect(rows[0]).toEqual(['Action', 'Title']);
    expect(rows[3]).toEqual(['', 'RESOLUTION 130']);
    expect(rows[8]).toEqual(['ADD', 'DRAFT NEW RESOLUTION [WG-PL/7]']);
    expect(all(doc(), 'paragraph').map((p) => p.textContent)).toContain('Musab ABDULLA Chairman, Working Group of the Plenary');
  });
});

describe('pp14-wgpl149-add-new-resolutions.md (two ADD units)', () => {
  const doc = () => docs[ADD];

  it('has two ADD proposals with bold references and draft new resolutions', () => {
    expect(() => checkValid(doc())).not.toThrow();
    const proposals = children(doc(), 'proposal');
    expect(proposals.map((p) => [p.attrs.action, p.attrs.ref, p.attrs.heading])).toEqual([['ADD', 'WGPL/149/8', ''], ['ADD', 'WGPL/149/9', '']]);
    const resolutions = proposals.map((p) => children(p, 'resolution')[0]);
    expect(resolutions.map((r) => [r.attrs.kind, r.attrs.number, r.child(0).textContent])).toEqual([
      ['RESOLUTION', '[WG-PL/7]', 'DRAFT NEW RESOLUTION [WG-PL/7]'],
      ['RESOLUTION', '[WG-PL/8]', 'DRAFT NEW RESOLUTION [WG-PL/8]'],
    ]);
    expect(resolutions.map((r) => r.child(1).textContent)).toEqual([
      'Using ICTs to break the chain of health-related emergencies such as Ebola virus transmission',
      'Connectivity to broadband networks',
    ]);
    expect(revisions(doc(), 'insertion').size + revisions(doc(), 'deletion').size).toBe(0);
  });

  it('has the call headings and items of both resolutions', () => {
    const [first, second] = all(doc(), 'resolution');
    expect(all(first, 'call_heading').map((h) => h.textContent)).toEqual([
      'recalling', 'recognizing', 'recognizing Further', 'considering', 'noting',
      'instructs the Director of the Telecommunication Development Bureau in coordination with the other Directors',
      'instructs the Secretary-General', 'invites Member States and Sector Members',
    ]);
    expect(all(first, 'item')).toHaveLength(6 + 3 + 5 + 3 + 1 + 2 + 2 + 2);
    expect(all(second, 'item')).toHaveLength(5 + 4 + 2 + 2 + 3);
    expect(all(doc(), 'item').every((i) => i.attrs.level === 0)).toBe(true);
  });

  it('keeps emphasis as an em mark', () => {
    const em = all(doc(), 'text').filter((t) => t.marks.some((m) => m.type.name === 'em'));
    expect(em.map((t) => t.text)).toEqual(['inter alia']);
  });
});

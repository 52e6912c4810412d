// The text importer on the real ITU plain-text conversions: proposals, resolutions, call
// headings, items, footnotes, cover fields and the conversion's traps.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Node as PMNode } from 'prosemirror-model';
import { importDocument } from '../../shared/import';
import { all, checkValid, children, fixtureBytes, fixtureText, visibleText } from './import-fixtures';

const docs: Record<string, PMNode> = {};

beforeAll(async () => {
  for (const name of ['wtdc22-resolutions.txt', 'wtdc17-ecp-res30-mod.txt', 'pp18-ecp1-res133-mod.txt', 'pp18-ecp6-res185-sup.txt']) {
    docs[name] = await importDocument(fixtureBytes(name));
  }
});

const callHeadings = (node: PMNode) => all(node, 'call_heading').map((h) => h.textContent);
const items = (node: PMNode) => all(node, 'item');

describe('every text fixture', () => {
  it('is a valid document of the schema without conversion artefacts', () => {
    for (const [name, doc] of Object.entries(docs)) {
      expect(() => checkValid(doc), name).not.toThrow();
      const text = all(doc, 'text').map((t) => t.text).join('') + doc.textContent;
      expect(text, name).not.toMatch(/\[bookmark:|\[footnoteRef:|\[\d+: /);
    }
  });

  it('writes every item label followed by exactly one tab', () => {
    for (const [name, doc] of Object.entries(docs)) {
      for (const item of items(doc)) expect(item.textContent, name).toMatch(/^[^\t\s]+\t[^\t\s]/);
    }
  });

  it('imports the file the same way as text and as bytes, every time', async () => {
    const name = 'pp18-ecp1-res133-mod.txt';
    const again = await importDocument(fixtureText(name), { format: 'text' });
    expect(again.toJSON()).toEqual(docs[name].toJSON());
  });
});

describe('wtdc22-resolutions.txt (14 resolutions, clean text)', () => {
  const doc = () => docs['wtdc22-resolutions.txt'];

  it('finds exactly the 14 resolutions, in order, outside any proposal', () => {
    const resolutions = children(doc(), 'resolution');
    expect(resolutions.map((r) => r.attrs.number)).toEqual(['5', '17', '18', '30', '34', '36', '45', '46', '48', '51', '55', '58', '76', '82']);
    expect(resolutions.every((r) => r.attrs.kind === 'RESOLUTION')).toBe(true);
    expect(all(doc(), 'resolution')).toHaveLength(14);
    expect(all(doc(), 'proposal')).toHaveLength(0);
  });

  it('gives each resolution its number line, title and conference line', () => {
    for (const res of children(doc(), 'resolution')) {
      const [numberLine, title, conference, first] = children(res);
      expect(numberLine.type.name).toBe('number_line');
      expect(numberLine.textContent).toMatch(new RegExp(`^RESOLUTION\\s${res.attrs.number} \\(Rev\\.\\sKigali, 2022\\)$`));
      expect(title.type.name).toBe('title');
      expect(conference.type.name).toBe('paragraph');
      expect(conference.textContent).toBe('The World Telecommunication Development Conference (Kigali, 2022),');
      expect(first.type.name).toBe('call_heading');
    }
  });

  it('joins title lines with hard breaks', () => {
    const res30 = children(doc(), 'resolution')[3];
    expect(visibleText(children(res30, 'title')[0])).toBe(
      'Role of the ITU Telecommunication Development Sector\nin implementing the outcomes of the World Summit\non the Information Society and\nthe 2030 Agenda for Sustainable Development',
    );
  });

  it('recognises the call headings, with their further/also variants and long operative phrases', () => {
    const res18 = children(doc(), 'resolution')[2];
    expect(callHeadings(res18)).toEqual([
      'recalling', 'considering', 'considering further', 'mindful', 'having regard to', 'noting', 'noting with grave concern',
      'resolves to continue to instruct the Director of the Telecommunication Development Bureau', 'calls upon ITU members',
      'requests the Secretary-General',
    ]);
    const res17 = children(doc(), 'resolution')[1];
    expect(callHeadings(res17)).toContain('appeals to international financial organizations/agencies, equipment suppliers and operators/service providers');
    expect(callHeadings(doc())).toContain('resolves');
    expect(callHeadings(doc())).toContain('resolves further');
  });

  it('finds the 16 footnotes with their bodies, and removes the printed numbers', () => {
    const footnotes = all(doc(), 'footnote');
    expect(footnotes).toHaveLength(16);
    expect(footnotes.every((f) => f.textContent.length > 10)).toBe(true);
    expect(footnotes[0].textContent).toBe('These include the least developed countries, small island developing states, landlocked developing countries and countries with economies in transition.');
    expect(footnotes[15].textContent).toBe('Source: https://www.itu.int/women-and-girls/girls-in-ict/home/history/');
    const first = items(children(doc(), 'resolution')[0])[0];
    expect(visibleText(first)).toContain('between developing[^These include the least developed countries');
    expect(visibleText(first)).toMatch(/in transition\.\] and developed countries/);
    // A footnote in a title (Resolution 17).
    expect(all(children(children(doc(), 'resolution')[1], 'title')[0], 'footnote')).toHaveLength(1);
  });

  it('levels items: i) after h) is a letter, roman sub-items under a number, dashes after a paragraph', () => {
    const res17 = children(doc(), 'resolution')[1];
    const i = items(res17).find((n) => n.textContent.startsWith('i)\tthat the leadership'))!;
    expect(i.attrs.level).toBe(0);
    const res30 = children(doc(), 'resolution')[3];
    const roman = items(res30).filter((n) => /^(i|ii|iii)\)\tWSIS Action|^iii\)\trelevant SDGs/.test(n.textContent));
    expect(roman.map((n) => n.attrs.level)).toEqual([1, 1, 1]);
    const res58 = children(doc(), 'resolution')[11];
    const numbered = items(res58).filter((n) => /^\d\)\t/.test(n.textContent));
    expect(numbered.map((n) => n.attrs.level)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    const res51 = children(doc(), 'resolution')[9];
    const dashes = items(res51).filter((n) => n.textContent.startsWith('\u2013\t'));
    expect(dashes).toHaveLength(3);
    expect(dashes.map((n) => n.attrs.level)).toEqual([0, 0, 0]);
  });

  it('reads the contents list as a 14x2 table (one cell per line) and the opening as a cover', () => {
    const table = children(doc(), 'table')[0];
    expect(table.childCount).toBe(14);
    expect(children(table).every((row) => row.childCount === 2)).toBe(true);
    expect(table.child(0).child(0).textContent).toBe('Resolution 5 (Rev. Kigali, 2022)');
    expect(table.child(13).child(0).textContent).toBe('Resolution 82 (Rev. Kigali, 2022)');
    const titleCell = table.child(0).child(1);
    expect(children(titleCell).map((p) => p.textContent)).toEqual(['Enhanced participation by developing countries', 'in the activities of the Union']);
    const cover = doc().child(0);
    expect(cover.type.name).toBe('cover');
    expect(children(cover).map((f) => f.attrs.name)).toEqual(['source', 'title']);
    expect(visibleText(cover.child(1))).toBe('RESOLUTIONS OF THE WORLD TELECOMMUNICATION DEVELOPMENT CONFERENCE\n(WTDC-22) BROUGHT TO THE ATTENTION OF\nTHE PLENIPOTENTIARY CONFERENCE');
  });

  it('keeps every item of Resolution 5', () => {
    const res5 = children(doc(), 'resolution')[0];
    expect(items(res5).map((n) => n.textContent.split('\t')[0]).join(' ')).toBe(
      'a b c d e f g a b c d e f a b 1 2 3 4 1 2 3 4 5 6 7 8 9 1 2 3 4 1 2'.split(' ').map((l) => (/\d/.test(l) ? l : `${l})`)).join(' '),
    );
  });
});

describe('wtdc17-ecp-res30-mod.txt (a whole proposal)', () => {
  const doc = () => docs['wtdc17-ecp-res30-mod.txt'];

  it('has one MOD ECP/24A5/1 proposal with Resolution 30 and its reasons', () => {
    const proposals = children(doc(), 'proposal');
    expect(proposals.map((p) => [p.attrs.action, p.attrs.ref, p.attrs.heading])).toEqual([['MOD', 'ECP/24A5/1', '']]);
    const [res, reasons] = children(proposals[0]);
    expect(res.type.name).toBe('resolution');
    expect(res.attrs.number).toBe('30');
    expect(res.child(0).textContent).toBe('RESOLUTION 30 (Rev. DubaiBuenos Aires, 20142017)');
    expect(reasons.type.name).toBe('reasons');
    expect(reasons.textContent).toBe('Update of the Resolution taking into account relevant activities since 2014');
  });

  it('reads the cover fields', () => {
    const cover = doc().child(0);
    expect(children(cover).map((f) => [f.attrs.name, visibleText(f)])).toEqual([
      ['title', 'Proposals for the work of the conference'],
      ['agenda', 'Priority area:\t-\tResolutions and recommendations'],
      ['summary', 'Summary:\nThe proposal includes updates to make the text in Resolution 30 time-proof by reiterating the importance of WSIS, and it includes a reference to relevant SDGs.'],
      ['expected', 'Expected results:\nWTDC-17 is invited to examine and approve the attached proposal.'],
      ['references', 'References:\nProposal for changes to Resolution 30.'],
    ]);
  });

  it('keeps flattened relettering as text and levels sub-items', () => {
    const labels = items(doc()).map((n) => n.textContent.split('\t')[0]);
    expect(labels.slice(0, 12)).toEqual(['a)', 'b)', 'c)', 'bd)', 'ce)', 'df)', 'e)', 'fg)', '\u2013', '\u2013', 'g)', 'h)']);
    expect(items(doc()).filter((n) => n.attrs.level === 1).length).toBe(2 + 2 + 2 + 4 + 3);
    // "d) that the WSIS ..." has no tab in the source
    expect(items(doc()).some((n) => n.textContent.startsWith('d)\tthat the WSIS process will be reviewed'))).toBe(true);
    // "34<TAB>" is a relettered "3" -> "4": imported as the label "34"
    expect(items(doc()).some((n) => n.textContent.startsWith('34\tto continue to facilitate'))).toBe(true);
  });

  it('has the one footnote at its reference', () => {
    const footnotes = all(doc(), 'footnote');
    expect(footnotes).toHaveLength(1);
    expect(footnotes[0].textContent).toMatch(/^These include the least developed countries/);
    const item = items(doc()).find((n) => all(n, 'footnote').length)!;
    expect(visibleText(item)).toMatch(/needs of the developing countries\[\^These include[^\]]*\], including in the field/);
    expect(visibleText(item)).toMatch(/implementation of the other WSIS goals;$/);
  });

  it('has the call headings of Resolution 30', () => {
    expect(callHeadings(doc())).toEqual([
      'recalling', 'recognizing', 'recognizing further', 'taking into account', 'noting', 'noting further',
      'resolves to invite the ITU Telecommunication Development Sector', 'instructs the Director of the Telecommunication Development Bureau',
      'further instructs the Director of the Telecommunication Development Bureau', 'calls upon Member States', 'requests the Secretary-General',
    ]);
  });
});

describe('pp18-ecp1-res133-mod.txt (ECP heading, intro, MOD)', () => {
  const doc = () => docs['pp18-ecp1-res133-mod.txt'];

  it('has the MOD EUR/48A1/1 proposal with its ECP heading and intro bullets', () => {
    const [proposal, ...rest] = children(doc());
    expect(rest).toHaveLength(0);
    expect(proposal.attrs).toMatchObject({ action: 'MOD', ref: 'EUR/48A1/1' });
    expect(proposal.attrs.heading).toBe('ECP-1: Revision to Resolution 133: Role of administrations of Member States in the management of internationalized (multilingual) domain names');
    const intro = children(proposal).slice(0, 4);
    expect(intro.map((p) => p.type.name)).toEqual(['paragraph', 'paragraph', 'paragraph', 'paragraph']);
    expect(intro[1].textContent).toBe('\u00b7 update the resolution,');
    expect(proposal.child(4).type.name).toBe('resolution');
    expect(proposal.lastChild!.type.name).toBe('reasons');
  });

  it('keeps non-breaking spaces and case artefacts as they are', () => {
    const res = all(doc(), 'resolution')[0];
    expect(res.attrs.number).toBe('133');
    expect(res.child(0).textContent).toBe('RESOLUTION 133 (Rev.\u00a0Busan, 2014dUBAI, 2018)');
    expect(doc().textContent).toContain('ITU\u2011T');
  });

  it('resolves the footnote and drops the second one, whose body is empty', () => {
    const footnotes = all(doc(), 'footnote');
    expect(footnotes.map((f) => f.textContent.slice(0, 30))).toEqual(['Including, but not limited to,']);
    const resolves = all(doc(), 'paragraph').find((p) => p.textContent.startsWith('to explore ways'))!;
    expect(visibleText(resolves)).toMatch(/relevant organizations\[\^Including[^\]]*\] involved in the development/);
    expect(visibleText(resolves)).toMatch(/to the global community,$/);
  });

  it('has bullets under a lettered item as level-1 items', () => {
    const bullets = items(doc()).filter((n) => n.textContent.startsWith('\u2022\t'));
    expect(bullets).toHaveLength(3);
    expect(bullets.every((n) => n.attrs.level === 1)).toBe(true);
  });
});

describe('pp18-ecp6-res185-sup.txt (no action line)', () => {
  it('infers SUP from "Suppression to" and keeps title, conference line and reasons', () => {
    const doc = docs['pp18-ecp6-res185-sup.txt'];
    const proposals = children(doc, 'proposal');
    expect(proposals).toHaveLength(1);
    expect(proposals[0].attrs).toMatchObject({ action: 'SUP', ref: '', heading: 'ECP-6: Suppression to Resolution 185: Global flight tracking for civil aviation' });
    expect(children(proposals[0]).map((n) => n.type.name)).toEqual(['paragraph', 'paragraph', 'paragraph', 'paragraph', 'resolution', 'reasons']);
    const res = children(proposals[0], 'resolution')[0];
    expect(children(res).map((n) => [n.type.name, n.textContent])).toEqual([
      ['number_line', 'RESOLUTION 185 (Busan, 2014)'],
      ['title', 'Global flight tracking for civil aviation'],
      ['paragraph', 'The Plenipotentiary Conference of the International Telecommunication Union (Busan,\u00a02014),'],
    ]);
    expect(proposals[0].lastChild!.textContent).toBe('With the decisions taken at WRC-15, this Resolution is no longer needed.');
    expect(doc.textContent).not.toContain('* *');
  });
});

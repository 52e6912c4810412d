// Citation updates on the real fixtures: citations found in WTDC-22 and in the WTDC-17 proposal,
// a library read from the WTDC-22 resolutions, and the tracked changes proposed to bring the
// citations up to date, reviewed (agree, reject, accept) like any change.
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState } from 'prosemirror-state';
import { beforeAll, describe, expect, it } from 'vitest';
import { importDocument } from '../../shared/import';
import { citationLibrary } from '../../shared/model/citation-library';
import { findCitations, proposeCitationUpdates, type CitationLibrary } from '../../shared/model/citations';
import { schema } from '../../shared/schema';
import { listChanges, review, suggestChanges } from '../../shared/track';
import { all, fixtureText } from './import-fixtures';

const editor = { id: 'u-ed', name: 'Editor' };
const KIGALI = { place: 'Kigali', year: 2022 };

let wtdc22: PMNode;
let wtdc17: PMNode;
let library: CitationLibrary;

beforeAll(async () => {
  wtdc22 = await importDocument(fixtureText('wtdc22-resolutions.txt'));
  wtdc17 = await importDocument(fixtureText('wtdc17-ecp-res30-mod.txt'));
  library = citationLibrary(wtdc22);
});

/** Text with the fixture's non-breaking spaces as plain spaces, for comparing. */
function plain(text: string): string {
  return text.replace(/\u00a0/g, ' ');
}

/** A textblock as the reviewer sees it: `~~deleted~~`, `[inserted]` (non-breaking spaces as spaces). */
function shown(block: PMNode): string {
  let out = '';
  block.forEach((child) => {
    if (!child.isText) return;
    if (schema.marks.deletion.isInSet(child.marks)) out += `~~${child.text}~~`;
    else if (schema.marks.insertion.isInSet(child.marks)) out += `[${child.text}]`;
    else out += child.text;
  });
  return plain(out);
}

/** The shown text of every textblock with a change in it. */
function changedBlocks(doc: PMNode): string[] {
  const out: string[] = [];
  doc.descendants((node) => {
    if (!node.isTextblock) return true;
    const text = shown(node);
    if (text.includes('~~') || text.includes('[')) out.push(text);
    return false;
  });
  return out;
}

/** The cited part of a changed block, from the citation's kind word to the closing parenthesis. */
function citationIn(text: string): string {
  return /(?:RESOLUTION|Resolution)\s\d+ \((?:[^()]|\[[^\]]*\])*\)/.exec(text)![0];
}

describe('findCitations', () => {
  it('finds citations with and without Rev., several numbers, the conference named after them, and number lines', () => {
    const citations = findCitations(wtdc22);
    const pick = (text: string) => citations.find((c) => plain(c.text) === text)!;
    expect(pick('Resolutions 25 and 123 (Rev. Dubai, 2018)')).toMatchObject({
      kind: 'RESOLUTION', numbers: ['25', '123'], rev: true, place: 'Dubai', year: 2018, of: 'Plenipotentiary Conference', role: 'citation',
    });
    expect(pick('Resolution 32 (Kyoto, 1994)')).toMatchObject({ numbers: ['32'], rev: false, place: 'Kyoto', year: 1994 });
    expect(pick('Resolution 17 (Rev. Kigali, 2022)')).toBeDefined();
    const numberLines = citations.filter((c) => c.role === 'number line');
    expect(numberLines.map((c) => c.numbers[0])).toEqual(['5', '17', '18', '30', '34', '36', '45', '46', '48', '51', '55', '58', '76', '82']);
    expect(numberLines.every((c) => c.rev && c.place === 'Kigali' && c.year === 2022 && c.action === null)).toBe(true);
    const res30 = numberLines[3];
    expect(plain(wtdc22.textBetween(res30.from, res30.to))).toBe('Rev. Kigali, 2022');
  });

  it('finds the citations of the WTDC-17 proposal, inside its MOD unit', () => {
    const texts = findCitations(wtdc17).map((c) => `${plain(c.text)}|${c.action}`);
    expect(texts).toEqual([
      'Resolution 172 (Guadalajara, 2010)|MOD', 'Resolution 140 (Rev. Guadalajara, 2010)|MOD',
      'Resolution 61 (Geneva, 2012)|MOD', 'Resolution 8 (Rev. Dubai, 2014)|MOD',
    ]);
  });
});

describe('the library read from the WTDC-22 resolutions', () => {
  it('knows the current revision of its 14 resolutions, and nothing of other bodies', () => {
    expect(library('RESOLUTION', '30')).toEqual(KIGALI);
    expect(library('RESOLUTION', '82')).toEqual(KIGALI);
    expect(library('RESOLUTION', '71')).toBeNull();
    const pp34 = findCitations(wtdc22).find((c) => c.text === 'Resolution 34 (Rev. Dubai, 2018)' && c.of === 'Plenipotentiary Conference')!;
    expect(library('RESOLUTION', '34', pp34)).toBeNull();
    const wtsa = findCitations(wtdc22).find((c) => c.of === 'World Telecommunication Standardization Assembly')!;
    expect(library(wtsa.kind, wtsa.numbers[0], wtsa)).toBeNull();
  });
});

describe('proposeCitationUpdates', () => {
  it('brings outdated WTDC citations of WTDC-22 to Kigali, 2022, one tracked change each, and leaves history and other bodies alone', () => {
    const state = EditorState.create({ doc: wtdc22 });
    const tr = proposeCitationUpdates(state, { library, conference: KIGALI, user: editor });
    expect(changedBlocks(tr.doc).map(citationIn)).toEqual([
      'Resolution 45 (Rev. ~~Dubai, 2014~~[Kigali, 2022])',
      'Resolution 48 (Rev. ~~Buenos Aires, 2017~~[Kigali, 2022])',
      'Resolution 51 (~~Doha, 2006~~[Rev. Kigali, 2022])',
      'Resolution 51 (Rev. ~~Hyderabad, 2010~~[Kigali, 2022])',
    ]);
    const changes = listChanges(tr.doc);
    expect(changes.map((c) => [c.kind, c.text])).toEqual([
      ['deletion', 'Dubai, 2014'], ['insertion', 'Kigali, 2022'], ['deletion', 'Buenos Aires, 2017'], ['insertion', 'Kigali, 2022'],
      ['deletion', 'Doha, 2006'], ['insertion', 'Rev. Kigali, 2022'], ['deletion', 'Hyderabad, 2010'], ['insertion', 'Kigali, 2022'],
    ]);
    expect(new Set(changes.map((c) => c.id)).size).toBe(4);
    expect(changes.every((c) => c.author === editor.id && c.authorName === 'Editor' && c.status === 'suggested')).toBe(true);
    // "Resolution 18 (Rev. Dubai, 2014) and Resolution 18 (Rev. Buenos Aires, 2017)" is history: untouched.
    expect(plain(tr.doc.textContent)).toContain('Resolution 18 (Rev. Dubai, 2014) and Resolution 18 (Rev. Buenos Aires, 2017)');
  });

  it('moves the number line and conference line of a MOD of Resolution 30 from Dubai, 2014 to the conference drafted for', () => {
    // The WTDC-17 proposal as its drafters started it: the base text's own lines, before their revision.
    const doc = withBaseLines(wtdc17, 'RESOLUTION 30 (Rev. Dubai, 2014)', 'The World Telecommunication Development Conference (Dubai, 2014),');
    expect(findCitations(doc).filter((c) => c.role !== 'citation').map((c) => [c.role, c.numbers[0], c.place, c.year])).toEqual([
      ['number line', '30', 'Dubai', 2014], ['conference line', '30', 'Dubai', 2014],
    ]);
    const tr = proposeCitationUpdates(EditorState.create({ doc }), { library, conference: KIGALI, user: editor });
    expect(changedBlocks(tr.doc)).toEqual([
      'RESOLUTION 30 (Rev. ~~Dubai, 2014~~[Kigali, 2022])',
      'The World Telecommunication Development Conference (~~Dubai, 2014~~[Kigali, 2022]),',
    ]);
    expect(new Set(listChanges(tr.doc).map((c) => c.id)).size).toBe(2);
    // Once proposed, the number line reads the new revision: nothing more to propose.
    const again = proposeCitationUpdates(EditorState.create({ doc: tr.doc }), { library, conference: KIGALI, user: editor });
    expect(again.docChanged).toBe(false);
    const current = withBaseLines(wtdc17, 'RESOLUTION 30 (Rev. Kigali, 2022)', 'The World Telecommunication Development Conference (Kigali, 2022),');
    expect(proposeCitationUpdates(EditorState.create({ doc: current }), { library, conference: KIGALI, user: editor }).docChanged).toBe(false);
  });

  it('leaves the number and conference lines of base texts (no MOD proposal) alone whatever the conference', () => {
    expect(findCitations(wtdc22).filter((c) => c.role === 'conference line')).toHaveLength(14);
    const tr = proposeCitationUpdates(EditorState.create({ doc: wtdc22 }), { library, conference: { place: 'Baku', year: 2025 }, user: editor });
    expect(all(tr.doc, 'number_line').every((line) => !shown(line).includes('['))).toBe(true);
    expect(changedBlocks(tr.doc).filter((text) => text.startsWith('The '))).toEqual([]);
    expect(changedBlocks(tr.doc)).toHaveLength(4);
  });

  it('is reviewed like any change: agree keeps it, reject restores the text, accept makes it the text', () => {
    const start = EditorState.create({ doc: wtdc22, plugins: [suggestChanges(editor)] });
    const state = start.apply(proposeCitationUpdates(start, { library, conference: KIGALI }));
    const changes = listChanges(state.doc);
    expect(changes.every((c) => c.author === editor.id)).toBe(true); // the track-mode user, not re-tracked
    const ids = [...new Set(changes.map((c) => c.id))];

    const agreed = state.apply(review(state, [ids[1]], 'agree'));
    expect(listChanges(agreed.doc).map((c) => c.status)).toEqual(['suggested', 'suggested', 'agreed', 'agreed', 'suggested', 'suggested', 'suggested', 'suggested']);

    const rejected = state.apply(review(state, ids, 'reject'));
    expect(rejected.doc.eq(wtdc22)).toBe(true);

    const accepted = state.apply(review(state, ids.slice(0, 3), 'accept'));
    expect(listChanges(accepted.doc).map((c) => c.text)).toEqual(['Hyderabad, 2010', 'Kigali, 2022']);
    expect(plain(accepted.doc.textContent)).toContain('Resolution 45 (Rev. Kigali, 2022) of the World Telecommunication Development Conference');
    expect(plain(accepted.doc.textContent)).toContain('Resolution 51 (Rev. Kigali, 2022) of the World Telecommunication Development Conference');
    // Accepted citations are current, and the open one already reads the new revision.
    expect(proposeCitationUpdates(accepted, { library, conference: KIGALI, user: editor }).docChanged).toBe(false);
  });
});

/** `doc` with the number line and the conference line of its (first) resolution replaced. */
function withBaseLines(doc: PMNode, numberLine: string, conferenceLine: string): PMNode {
  const replaced: { pos: number; node: PMNode }[] = [];
  doc.descendants((node, pos, parent) => {
    if (replaced.length === 2) return false;
    if (node.type.name === 'number_line') replaced.push({ pos, node: schema.nodes.number_line.create(null, schema.text(numberLine)) });
    else if (parent?.type.name === 'resolution' && /^The World/.test(node.textContent)) {
      replaced.push({ pos, node: schema.nodes.paragraph.create(null, schema.text(conferenceLine)) });
    }
    return true;
  });
  const state = EditorState.create({ doc });
  const tr = state.tr;
  for (const { pos, node } of replaced.reverse()) tr.replaceWith(pos, pos + tr.doc.nodeAt(pos)!.nodeSize, node);
  return tr.doc;
}

// The .docx exports opened by LibreOffice: text, tracked changes and their authors, footnotes and
// the action lines as a reader sees them; the Word XML inside the package; a PDF to look at.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Node as PMNode } from 'prosemirror-model';
import { exportDocument } from '../../shared/export';
import { importDocument } from '../../shared/import';
import { lint } from '../../shared/model/lint';
import { scanRevisions } from '../../shared/model/revision-scan';
import { convert, docxPart, docxPartNames, Fodt, wordRevisions } from './export-office';
import { schema } from '../../shared/schema';
import {
  ALICE, BOB, CAROL, cover, del, docWithSuggestion, ins, numberLine, p, proposal, reasons, resolution, sampleDoc, smallModDoc, STANDARD_COVER,
} from './export-sample';

/** A MOD adding a whole footnote. */
function insertedNoteDoc(): PMNode {
  const note = schema.node('footnote', null, [schema.text('Footnote added by the MOD.')]).mark([ins('x').marks[0]]);
  return schema.node('doc', null, [cover(STANDARD_COVER), proposal('MOD', 'EUR/48A1/1', [
    resolution('133', numberLine('RESOLUTION 133'), p('relevant organizations', note, ' involved')),
    reasons('Reasons:\tA note.'),
  ])]);
}

/** A MOD where Bob deleted words Alice had inserted. */
function insertedDeletedDoc(): PMNode {
  const both = schema.text('Alice wrote, Bob struck', [...ins('x').marks, ...del('x').marks]);
  return schema.node('doc', null, [cover(STANDARD_COVER), proposal('MOD', 'EUR/48A1/1', [
    resolution('133', numberLine('RESOLUTION 133'), p('Kept text ', both, ' and more')),
    reasons('Reasons:\tBoth.'),
  ])]);
}

/** A MOD whose item i) was made a sub-item by Carol: an attribute change with the old level. */
function restyledDoc(): PMNode {
  const track = [{ kind: 'attribute' as const, id: 'a1', author: CAROL.id, authorName: CAROL.name, time: Date.UTC(2018, 6, 1), status: 'agreed' as const, old: { level: 0 } }];
  return schema.node('doc', null, [cover(STANDARD_COVER), proposal('MOD', 'EUR/48A1/1', [
    resolution('133', numberLine('RESOLUTION 133'), schema.node('item', { level: 1, track }, [schema.text('i)\tthe sub-item')])),
    reasons('Reasons:\tStructure.'),
  ])]);
}

const GROUP = 'European Common Proposals';
const DATE = new Date('2018-09-10T08:00:00Z');
let dir: string;
const fodt: Record<string, Fodt> = {};
const docx: Record<string, Uint8Array> = {};
const FIXTURE = resolve(process.cwd(), '../shared/fixtures/pp14-wgpl149-res64-mod.md');
let imported: PMNode;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'draftroom-export-'));
  imported = await importDocument(await readFile(FIXTURE, 'utf8'));
  const jobs = {
    submission: exportDocument(sampleDoc(), { format: 'submission', date: DATE }),
    review: exportDocument(sampleDoc(), { format: 'review' }),
    clean: exportDocument(sampleDoc(), { format: 'clean' }),
    suggestedClean: exportDocument(docWithSuggestion(), { format: 'clean' }),
    suggestedSubmission: exportDocument(docWithSuggestion(), { format: 'submission', includeSuggested: true, date: DATE }),
    fixture: exportDocument(imported, { format: 'submission', date: DATE }),
    restyled: exportDocument(restyledDoc(), { format: 'review' }),
    insertedNote: exportDocument(insertedNoteDoc(), { format: 'submission', date: DATE }),
    insertedDeleted: exportDocument(insertedDeletedDoc(), { format: 'review' }),
  };
  const files: string[] = [];
  for (const [name, job] of Object.entries(jobs)) {
    docx[name] = await job;
    const file = join(dir, `${name}.docx`);
    await writeFile(file, docx[name]);
    files.push(file);
  }
  const converted = await convert(files, 'fodt', dir);
  for (const [i, name] of Object.keys(jobs).entries()) fodt[name] = new Fodt(await readFile(converted[i], 'utf8'));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const byKind = (f: Fodt, kind: string, creator?: string) =>
  f.changes().filter((c) => c.kind === kind && (creator === undefined || c.creator === creator));

describe('submission export', () => {
  it('has the cover, the standard title and each action line above its text', () => {
    const paras = fodt.submission.paragraphs();
    expect(paras.slice(0, 3)).toEqual(['Plenipotentiary Conference (PP-18)', 'PLENARY MEETING', 'Addendum 1 to Document 48-E']);
    expect(paras).toContain('PROPOSALS FOR THE WORK OF THE CONFERENCE');
    expect(paras).toContain('ECP-1:\tRevision to Resolution 133: Role of administrations of Member States in the management of internationalized (multilingual) domain names');
    const action = paras.indexOf('MOD\tEUR/48A1/1');
    expect(action).toBeGreaterThan(paras.indexOf('ECP-1:\tRevision to Resolution 133: Role of administrations of Member States in the management of internationalized (multilingual) domain names'));
    expect(paras[action + 1]).toBe('RESOLUTION 133 (Rev. Dubai, 2018)');
    expect(paras).toContain('ADD\tEUR/48A1/2');
    expect(paras).toContain('SUP\tEUR/48A1/3');
    expect(paras).toContain('NOC\tEUR/48A1/4');
  });

  it('shows the MOD\'s agreed changes as tracked changes by the group, the deleted text kept in them', () => {
    const changes = fodt.submission.changes();
    expect(new Set(changes.map((c) => c.creator))).toEqual(new Set([GROUP]));
    // Number line and conference line: one deletion and one insertion each; "multilingualism"; the
    // inserted item c) (its text and paragraph mark in one region); the deleted item d).
    expect(byKind(fodt.submission, 'insertion')).toHaveLength(4);
    expect(byKind(fodt.submission, 'deletion').map((c) => c.text)).toEqual([
      'Busan, 2014', 'Busan, 2014', 'd)\tpast successful standardization activities for telex character sets;',
    ]);
    expect(changes.every((c) => c.date.startsWith('2018-09-10T08:00'))).toBe(true);
    expect(fodt.submission.paragraphs()).toContain('c)\tthe outcomes of the WSIS+10 High-Level Event on multilingual content;');
  });

  it('gives ADD text plain, SUP its number line and title, NOC nothing but its line, every unit its Reasons', () => {
    const text = fodt.submission.text();
    expect(text).toContain('that ITU should facilitate remote participation in its meetings,');
    expect(text).not.toContain('distant');
    expect(text).toContain('RESOLUTION 185 (Busan, 2014)\nGlobal flight tracking for civil aviation\nReasons:\tWith the decisions');
    expect(text).not.toContain('to instruct WRC-15');
    expect(text).toContain('NOC\tEUR/48A1/4\nReasons:\tThe strategic plan remains valid.');
    expect(text).not.toContain('Strategic plan for the Union');
    expect(text).toContain('Reasons:\tTo update the Resolution and underline the progress made');
    expect(text.match(/^Reasons:\t/gm)).toHaveLength(4);
  });

  it('keeps the footnote as a real footnote and the table', () => {
    expect(fodt.submission.footnotes()).toEqual(['Including, but not limited to, ICANN, the RIRs and the IETF.']);
    expect(fodt.submission.text()).toContain('to explore ways and means for greater collaboration with relevant organizations involved in the deployment of IDNs,');
    expect(fodt.submission.paragraphs()).toEqual(expect.arrayContaining(['Language', 'Script', 'Russian', 'Cyrillic']));
  });

  it('writes w:ins/w:del, paragraph-mark revisions and footnotes into the Word XML', () => {
    const xml = docxPart(docx.submission, 'word/document.xml');
    const revs = wordRevisions(xml);
    expect(revs).toMatchObject({ ins: 5, del: 4, paragraphMarks: 2 });
    expect(revs.authors).toEqual(new Set([GROUP]));
    expect(xml).toMatch(/<w:tabs><w:tab w:val="left" w:pos="567"\/><\/w:tabs>/);
    expect(docxPart(docx.submission, 'word/footnotes.xml')).toContain('ICANN, the RIRs and the IETF.');
    expect(docxPart(docx.submission, 'word/settings.xml')).toContain('<w:trackRevisions/>');
    // ITU page header from page 2: "- N -" and the document number; the cover page has none.
    const headers = docxPartNames(docx.submission).filter((n) => /^word\/header\d+\.xml$/.test(n)).map((n) => docxPart(docx.submission, n));
    expect(headers.some((h) => h.includes('PAGE') && h.includes('>Addendum 1 to Document 48-E<'))).toBe(true);
    expect(xml).toContain('<w:titlePg/>');
    // Footnote marks printed by the export (custom marks); each proposal is a section restarting Word's own numbers.
    expect(xml).toMatch(/<w:footnoteReference w:customMarkFollows="1" w:id="1"\/><w:t xml:space="preserve">1<\/w:t>/);
    expect(xml.match(/<w:footnotePr><w:numRestart w:val="eachSect"\/><\/w:footnotePr>/g)).toHaveLength(4);
  });

  it('refuses suggested changes, naming them, unless asked to include them', async () => {
    await expect(exportDocument(docWithSuggestion(), { format: 'submission' })).rejects.toThrow(
      /2 suggested changes[\s\S]*EUR\/48A1\/1: insertion by Carol Diaz: "and ITU-D"[\s\S]*EUR\/48A1\/1: deletion by Carol Diaz: "internet"/,
    );
    const included = fodt.suggestedSubmission.changes();
    expect(new Set(included.map((c) => c.creator))).toEqual(new Set([GROUP]));
    expect(fodt.suggestedSubmission.text()).toContain('a)\tthe role of ITU-T and ITU-D with regard to domain names;');
  });
});

describe('review export', () => {
  it('shows every change with its real author and time', () => {
    expect(byKind(fodt.review, 'insertion', ALICE.name)).toHaveLength(4);
    expect(byKind(fodt.review, 'insertion', BOB.name)).toHaveLength(1);
    expect(byKind(fodt.review, 'deletion', BOB.name).map((c) => c.text)).toEqual([
      'Busan, 2014', 'Busan, 2014', 'd)\tpast successful standardization activities for telex character sets;', 'distant',
    ]);
    expect(fodt.review.changes()).toHaveLength(9);
    expect(byKind(fodt.review, 'insertion', ALICE.name)[0].date).toMatch(/^2018-06-12T09:\d\d/);
    const revs = wordRevisions(docxPart(docx.review, 'word/document.xml'));
    expect(revs).toMatchObject({ ins: 6, del: 5, paragraphMarks: 2 });
    expect(revs.authors).toEqual(new Set([ALICE.name, BOB.name]));
  });

  it('keeps the whole text of every unit', () => {
    expect(fodt.review.text()).toContain('to instruct WRC-15 to include in its agenda');
    expect(fodt.review.text()).toContain('Strategic plan for the Union for 2020-2023');
  });
});

describe('attribute changes', () => {
  it('shows a changed item level as a paragraph-format revision by its author', () => {
    const xml = docxPart(docx.restyled, 'word/document.xml');
    expect(xml).toMatch(/<w:pStyle w:val="Item1"\/>.*<w:pPrChange w:id="\d+" w:author="Carol Diaz" w:date="2018-07-01T00:00:00Z"><w:pPr><w:pStyle w:val="Item0"\/><\/w:pPr><\/w:pPrChange>/);
    const changes = fodt.restyled.changes();
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ creator: CAROL.name, text: 'i)\tthe sub-item' });
    expect(changes[0].date).toMatch(/^2018-07-01/);
  });
});

describe('a footnote inserted as a whole', () => {
  it('has its reference inside w:ins, and LibreOffice sees the insertion and the note', () => {
    const xml = docxPart(docx.insertedNote, 'word/document.xml');
    expect(xml).toMatch(/<w:ins w:id="\d+" w:author="European Common Proposals" [^>]*><w:r><w:rPr><w:rStyle w:val="FootnoteReference"\/><\/w:rPr><w:footnoteReference w:customMarkFollows="1" w:id="\d+"\/><w:t xml:space="preserve">1<\/w:t><\/w:r><\/w:ins>/);
    expect(fodt.insertedNote.footnotes()).toEqual(['Footnote added by the MOD.']);
    expect(byKind(fodt.insertedNote, 'insertion', GROUP).length).toBeGreaterThanOrEqual(1);
    expect(fodt.insertedNote.text()).toContain('relevant organizations involved');
  });
});

describe('text one author inserted and another deleted', () => {
  it('is a w:del inside a w:ins in the review copy (Word\'s form); LibreOffice, one change per range, shows the deletion', () => {
    const xml = docxPart(docx.insertedDeleted, 'word/document.xml');
    expect(xml).toMatch(new RegExp(`<w:ins w:id="\\d+" w:author="${ALICE.name}" [^>]*><w:del w:id="\\d+" w:author="${BOB.name}" [^>]*><w:r><w:delText xml:space="preserve">Alice wrote, Bob struck</w:delText></w:r></w:del></w:ins>`));
    const changes = fodt.insertedDeleted.changes().filter((c) => c.text.includes('Alice wrote'));
    expect(changes.map((c) => `${c.kind} ${c.creator}`)).toEqual([`deletion ${BOB.name}`]);
    expect(fodt.insertedDeleted.text()).toContain('Kept text  and more');
  });
});

describe('clean export', () => {
  it('applies agreed changes with no revision marks left', () => {
    expect(fodt.clean.changes()).toEqual([]);
    expect(wordRevisions(docxPart(docx.clean, 'word/document.xml'))).toMatchObject({ ins: 0, del: 0 });
    const paras = fodt.clean.paragraphs();
    expect(paras).toContain('RESOLUTION 133 (Rev. Dubai, 2018)');
    expect(paras).toContain('The Plenipotentiary Conference of the International Telecommunication Union (Dubai, 2018),');
    expect(paras).toContain('c)\tthe outcomes of the WSIS+10 High-Level Event on multilingual content;');
    expect(fodt.clean.text()).not.toContain('past successful standardization');
    expect(paras).toContain('that ITU should facilitate remote participation in its meetings,');
  });

  it('leaves suggested changes out: the base text stays', () => {
    expect(fodt.suggestedClean.changes()).toEqual([]);
    expect(fodt.suggestedClean.paragraphs()).toContain('a)\tthe role of ITU-T with regard to internet domain names;');
    expect(fodt.suggestedClean.text()).not.toContain(CAROL.name);
  });
});

describe('submission of an imported real document (PP-14 WG-PL 149, Resolution 64)', () => {
  it('carries every revision of the MOD as a tracked change by the group named on the cover', () => {
    const scanned = scanRevisions(imported).filter((r) => r.proposalRef === 'WGPL/149/2');
    const insertions = scanned.filter((r) => r.kind === 'insertion').map((r) => r.text.trim());
    const deletions = scanned.filter((r) => r.kind === 'deletion').map((r) => r.text.trim());
    expect(insertions.length).toBeGreaterThan(5);
    expect(deletions.length).toBeGreaterThan(5);
    expect(byKind(fodt.fixture, 'insertion').map((c) => c.text)).toEqual(insertions);
    expect(byKind(fodt.fixture, 'deletion').map((c) => c.text)).toEqual(deletions);
    expect(new Set(fodt.fixture.changes().map((c) => c.creator))).toEqual(new Set(['WORKING GROUP OF THE PLENARY']));
    expect(wordRevisions(docxPart(docx.fixture, 'word/document.xml'))).toMatchObject({ ins: insertions.length, del: deletions.length });
  });

  it('puts the action lines above the texts and gives the SUP its number line and title only', () => {
    const paras = fodt.fixture.paragraphs();
    const sup = paras.indexOf('SUP\tWGPL/149/1');
    const mod = paras.indexOf('MOD\tWGPL/149/2');
    expect(sup).toBeGreaterThan(0);
    expect(paras[sup + 1]).toBe('RESOLUTION 35 (KYOTO, 1994)');
    expect(paras[mod + 1]).toBe('RESOLUTION 64 (REV. GUADALAJARABUSAN, 2010)');
    expect(paras.slice(sup, mod).join('\n')).not.toContain('The Plenipotentiary Conference');
    expect(lint(imported).filter((p) => p.severity === 'error')).toEqual([]);
  });
});

describe('PDF of a submission', () => {
  it('converts a small MOD submission to PDF under test-results/', async () => {
    const out = resolve(process.cwd(), 'test-results');
    await mkdir(out, { recursive: true });
    const file = join(out, 'export-submission-mod.docx');
    await writeFile(file, await exportDocument(smallModDoc(), { format: 'submission', date: DATE }));
    const [pdf] = await convert([file], 'pdf', out);
    const bytes = await readFile(pdf);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(5_000);
  });
});

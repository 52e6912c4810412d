// Tracked formatting in the .docx exports and back: the review copy writes each formatChange as
// Word's w:rPrChange (author, date, the run properties before), which LibreOffice reads as a
// format change by that author; the submission shows agreed ones in a MOD as the group's
// revisions and applies them elsewhere; the clean copy applies the agreed ones and leaves the
// suggested ones at the formatting before; the .docx importer reads w:rPrChange back.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Mark, Node as PMNode } from 'prosemirror-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportDocument, SuggestedChangesError } from '../../shared/export';
import { importDocument } from '../../shared/import';
import { schema, type ChangeStatus, type FormatMarkJSON } from '../../shared/schema';
import { listChanges } from '../../shared/track';
import { convert, docxPart, Fodt } from './export-office';
import { handmadeDocx } from './docx-import-office';
import { ALICE, BOB, cover, item, numberLine, p, proposal, reasons, resolution, STANDARD_COVER } from './export-sample';

const T = Date.UTC(2018, 5, 12, 9, 30);
let n = 0;

function formatted(text: string, marks: Mark[], who: { id: string; name: string }, status: ChangeStatus, before: FormatMarkJSON[]): PMNode {
  const change = schema.marks.formatChange.create({ id: `f${++n}`, author: who.id, authorName: who.name, time: T + n * 60_000, status, before });
  return schema.text(text, [...marks, change]);
}

const { strong } = schema.marks;

/** A MOD with Alice's agreed bold and Bob's suggested "not italic", and an ADD with an agreed bold. */
function doc(bobStatus: ChangeStatus): PMNode {
  return schema.node('doc', null, [cover(STANDARD_COVER),
    proposal('MOD', 'EUR/48A1/1', [
      resolution('133', numberLine('RESOLUTION 133 (Rev. Dubai, 2018)'),
        item('a)\tthe role of ', formatted('Member States', [strong.create()], ALICE, 'agreed', []), ' in the management of ',
          formatted('domain names', [], BOB, bobStatus, [{ type: 'em' }]), ';'),
      ),
      reasons('Reasons:\tEmphasis.'),
    ]),
    proposal('ADD', 'EUR/48A1/2', [
      resolution('[EUR-1]', numberLine('DRAFT NEW RESOLUTION [EUR-1]'),
        p('that ITU should facilitate ', formatted('remote', [strong.create()], ALICE, 'agreed', []), ' participation,')),
      reasons('Reasons:\tParticipation.'),
    ]),
  ]);
}

/** The w:r elements of document.xml whose text contains `text`. */
function runsWith(xml: string, text: string): string[] {
  return [...xml.matchAll(/<w:r>(?:(?!<\/w:r>).)*<\/w:r>/gs)].map((m) => m[0]).filter((r) => r.includes(`>${text}<`));
}

const DATE = new Date('2018-09-10T08:00:00Z');
const GROUP = 'European Common Proposals';
let dir: string;
const docx: Record<string, Uint8Array> = {};
let reviewOdt: Fodt;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'draftroom-format-'));
  docx.review = await exportDocument(doc('suggested'), { format: 'review' });
  docx.submission = await exportDocument(doc('agreed'), { format: 'submission', date: DATE });
  docx.clean = await exportDocument(doc('suggested'), { format: 'clean' });
  const file = join(dir, 'review.docx');
  await writeFile(file, docx.review);
  const [converted] = await convert([file], 'fodt', dir);
  reviewOdt = new Fodt(await readFile(converted, 'utf8'));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('formatting changes in the .docx exports', () => {
  it('review: w:rPrChange with the real author, the date and the run properties before', () => {
    const xml = docxPart(docx.review, 'word/document.xml');
    const [bold] = runsWith(xml, 'Member States');
    // bold now, not before: the old run properties say so (w:rPrChange needs its w:rPr)
    expect(bold).toMatch(/<w:rPr>.*<w:b\/>.*<w:rPrChange [^>]*w:author="Alice Martin"[^>]*>\s*<w:rPr>\s*<w:b w:val="false"\/>/s);
    expect(bold).toMatch(/w:date="2018-06-12T09:\d\d:00Z"/);
    const [plain] = runsWith(xml, 'domain names');
    expect(plain).toMatch(/<w:rPrChange [^>]*w:author="Bob Keller"[^>]*>\s*<w:rPr>\s*<w:i\/>/s);
    expect(plain).not.toMatch(/<w:i\/>(?:(?!<w:rPrChange).)*<w:rPrChange/s);
  });

  it('review: LibreOffice shows them as format changes with their authors', () => {
    const changes = reviewOdt.changes().filter((c) => c.kind === 'format-change');
    expect(changes.map((c) => c.creator).sort()).toEqual(['Alice Martin', 'Alice Martin', 'Bob Keller']);
    expect(changes.find((c) => c.creator === 'Bob Keller')!.text).toBe('domain names');
  });

  it('submission: agreed ones in the MOD are the group\'s revisions; in the ADD the formatting is applied', () => {
    const xml = docxPart(docx.submission, 'word/document.xml');
    expect(runsWith(xml, 'Member States')[0]).toMatch(new RegExp(`<w:rPrChange [^>]*w:author="${GROUP}"[^>]*w:date="2018-09-10T08:00:00Z"`));
    expect(runsWith(xml, 'domain names')[0]).toMatch(/<w:rPrChange [^>]*>\s*<w:rPr>\s*<w:i\/>/s);
    const [add] = runsWith(xml, 'remote');
    expect(add).toContain('<w:b/>');
    expect(add).not.toContain('rPrChange');
  });

  it('submission: a suggested formatting change blocks it, named as such', async () => {
    await expect(exportDocument(doc('suggested'), { format: 'submission' })).rejects.toThrow(SuggestedChangesError);
    await expect(exportDocument(doc('suggested'), { format: 'submission' })).rejects.toThrow(/formatting change by Bob Keller: "domain names"/);
  });

  it('clean: agreed formatting applied, the suggested change left at the formatting before', () => {
    const xml = docxPart(docx.clean, 'word/document.xml');
    expect(xml).not.toContain('rPrChange');
    expect(runsWith(xml, 'Member States')[0]).toContain('<w:b/>');
    expect(runsWith(xml, 'domain names')[0]).toContain('<w:i/>');
  });
});

describe('formatting changes in the HTML preview', () => {
  it('marks the reformatted text with who changed it and the formatting before', async () => {
    const html = new TextDecoder().decode(await exportDocument(doc('suggested'), { format: 'html' }));
    expect(html).toMatch(/<span class="format-change suggested" title="Formatted by Bob Keller, 2018-06-12 09:\d\d UTC \(suggested\); was italic">domain names<\/span>/);
    expect(html).toMatch(/<span class="format-change agreed" title="Formatted by Alice Martin[^"]*; was plain"><strong>Member States<\/strong><\/span>/);
  });
});

describe('formatting changes read back from a .docx', () => {
  it('the review copy imports with its format changes: author, date, formatting before', async () => {
    const imported = await importDocument(docx.review, { format: 'docx' });
    const changes = listChanges(imported).filter((c) => c.kind === 'format');
    expect(changes.map((c) => [c.text, c.authorName, c.description])).toEqual([
      ['Member States', 'Alice Martin', 'Formatted: bold'],
      ['domain names', 'Bob Keller', 'Formatted: not italic'],
      ['remote', 'Alice Martin', 'Formatted: bold'],
    ]);
    expect(new Date(changes[1].time).toISOString()).toMatch(/^2018-06-12T09:/);
    // an exported run whose properties did not change is not a change (Word writes some such)
    expect(listChanges(imported).filter((c) => c.kind !== 'format')).toEqual([]);
  });
});

describe('w:rPrChange as Word writes it', () => {
  const rPrChange = (author: string, old = '<w:rPr/>') => `<w:rPrChange w:id="7" w:author="${author}" w:date="2024-03-01T10:00:00Z">${old}</w:rPrChange>`;

  it('an empty old w:rPr, runs of one author and date next to each other as one change, a link kept in before', async () => {
    const doc = await importDocument(handmadeDocx(
      `<w:p><w:r><w:t xml:space="preserve">The </w:t></w:r>`
      + `<w:r><w:rPr><w:b/>${rPrChange('Ana')}</w:rPr><w:t xml:space="preserve">Member </w:t></w:r>`
      + `<w:r><w:rPr><w:b/><w:i/>${rPrChange('Ana', '<w:rPr><w:i/></w:rPr>')}</w:rPr><w:t>States</w:t></w:r>`
      + `<w:r><w:t xml:space="preserve"> and </w:t></w:r>`
      + `<w:r><w:rPr><w:i w:val="0"/>${rPrChange('Ben', '<w:rPr><w:i/></w:rPr>')}</w:rPr><w:t>Sector</w:t></w:r>`
      + `<w:r><w:rPr><w:i/>${rPrChange('Ben', '<w:rPr><w:i/></w:rPr>')}</w:rPr><w:t>Members</w:t></w:r></w:p>`,
    ), { format: 'docx' });
    const changes = listChanges(doc);
    expect(changes.map((c) => [c.kind, c.authorName, c.text, c.description])).toEqual([
      ['format', 'Ana', 'Member States', 'Formatted: bold'],
      ['format', 'Ben', 'Sector', 'Formatted: not italic'],
    ]);
    expect(changes[0].status).toBe('agreed');
  });
});

// .docx import of the real fixtures as LibreOffice writes them: the document is the same as the
// text importer makes from the .txt (structure, labels, footnotes, conversion markers), whether
// the format is given or recognised from the bytes, and through the CLI.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDocument } from '../../shared/import';
import { toDocx } from './docx-import-office';
import { all, fixtureBytes, fixturePath } from './import-fixtures';

const FIXTURES = ['wtdc17-ecp-res30-mod.txt', 'pp18-ecp1-res133-mod.txt', 'pp18-ecp6-res185-sup.txt', 'wtdc22-resolutions.txt'];

let dir: string;
const docx = new Map<string, Uint8Array>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'draftroom-docx-'));
  const bytes = await toDocx(FIXTURES.map(fixturePath), dir);
  FIXTURES.forEach((name, i) => docx.set(name, bytes[i]));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('docx import of the fixtures', () => {
  it.each(FIXTURES)('%s gives the document the text importer gives', async (name) => {
    const fromDocx = await importDocument(docx.get(name)!, { format: 'docx' });
    const fromText = await importDocument(fixtureBytes(name), { format: 'text' });
    expect(fromDocx.toJSON()).toEqual(fromText.toJSON());
  });

  it('recognises a .docx from its bytes', async () => {
    const bytes = docx.get('wtdc17-ecp-res30-mod.txt')!;
    const doc = await importDocument(bytes);
    expect(doc.toJSON()).toEqual((await importDocument(bytes, { format: 'docx' })).toJSON());
    expect(doc.firstChild!.type.name).toBe('cover');
    const proposal = all(doc, 'proposal')[0];
    expect(proposal.attrs).toMatchObject({ action: 'MOD', ref: 'ECP/24A5/1' });
    expect(all(proposal, 'number_line')[0].textContent).toBe('RESOLUTION 30 (Rev. DubaiBuenos Aires, 20142017)');
  });

  it('keeps the footnotes of WTDC-22, with their text, where the references were', async () => {
    const doc = await importDocument(docx.get('wtdc22-resolutions.txt')!);
    const footnotes = all(doc, 'footnote');
    expect(footnotes.length).toBeGreaterThan(5);
    expect(footnotes[0].textContent).toMatch(/^These include the least developed countries/);
    const titles = all(doc, 'title').filter((t) => all(t, 'footnote').length);
    expect(titles.map((t) => t.textContent)).toContain(
      'Implementation of and cooperation on approved regional initiatives at the national, regional, interregional and global levels'
      + 'An initiative shall take the form of an all-embracing heading under which a number of projects can be included, leaving it to each region to define these.',
    );
    expect(doc.textContent).not.toMatch(/\[bookmark:|\[footnoteRef:/);
  });

  it('imports a .docx file with the CLI, by its extension or its bytes', async () => {
    const file = join(dir, 'res133.docx');
    await writeFile(file, docx.get('pp18-ecp1-res133-mod.txt')!);
    const noExtension = join(dir, 'res133-upload');
    await writeFile(noExtension, docx.get('pp18-ecp1-res133-mod.txt')!);
    const expected = (await importDocument(fixtureBytes('pp18-ecp1-res133-mod.txt'))).toJSON();
    for (const path of [file, noExtension]) {
      const { stdout } = await promisify(execFile)('node', ['bin/draftroom', 'import', path], { maxBuffer: 1 << 26 });
      expect(JSON.parse(stdout)).toEqual(expected);
    }
  });
});

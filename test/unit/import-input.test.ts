// What the importer does with its input: decoding (BOM, CRLF, UTF-8), format detection, bad
// input with clear errors, unknown text as paragraphs, and never a crash on arbitrary strings.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importDocument } from '../../shared/import';
import { all, checkValid, children, fixtureBytes, fixtureText } from './import-fixtures';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('decoding', () => {
  it('strips a BOM and handles CRLF line ends', async () => {
    const doc = await importDocument(bytes('\uFEFFMOD\tEUR/1A1/1\r\nRESOLUTION 1 (Rev. Dubai, 2018)\r\nTitle\r\nReasons:\tWhy.\r\n'));
    expect(doc.child(0).attrs).toMatchObject({ action: 'MOD', ref: 'EUR/1A1/1' });
    expect(doc.textContent).not.toMatch(/[\r\uFEFF]/);
    expect(doc.child(0).lastChild!.textContent).toBe('Why.');
  });

  it('reads UTF-16 with a byte order mark, as Word saves "Unicode text"', async () => {
    const source = 'MOD\tEUR/1A1/1\r\nRESOLUTION 1 (Rev.\u00a0Dubai, 2018)\r\nReasons:\tWhy.';
    const le = new Uint8Array(2 + source.length * 2);
    le.set([0xff, 0xfe]);
    for (let i = 0; i < source.length; i++) le.set([source.charCodeAt(i) & 0xff, source.charCodeAt(i) >> 8], 2 + i * 2);
    const be = le.map((_, i) => le[i ^ 1]);
    for (const bytes of [le, be]) {
      const doc = await importDocument(bytes);
      expect(doc.child(0).attrs.ref).toBe('EUR/1A1/1');
      expect(all(doc, 'number_line')[0].textContent).toBe('RESOLUTION 1 (Rev.\u00a0Dubai, 2018)');
    }
  });

  it('detects markdown and text by their look', async () => {
    const md = await importDocument(fixtureText('pp14-wgpl149-res64-mod.md'));
    const mdExplicit = await importDocument(fixtureText('pp14-wgpl149-res64-mod.md'), { format: 'markdown' });
    expect(md.toJSON()).toEqual(mdExplicit.toJSON());
    for (const name of ['wtdc22-resolutions.txt', 'wtdc17-ecp-res30-mod.txt', 'pp18-ecp1-res133-mod.txt', 'pp18-ecp6-res185-sup.txt']) {
      const auto = await importDocument(fixtureBytes(name));
      const explicit = await importDocument(fixtureBytes(name), { format: 'text' });
      expect(auto.toJSON(), name).toEqual(explicit.toJSON());
    }
  });
});

describe('bad input', () => {
  it.each([
    ['an empty string', ''],
    ['whitespace only', ' \n\t\r\n  '],
    ['an empty byte array', new Uint8Array()],
  ])('rejects %s as empty', async (_name, input) => {
    await expect(importDocument(input)).rejects.toThrow(/document is empty/);
  });

  it('rejects binary garbage', async () => {
    const garbage = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 256);
    await expect(importDocument(garbage)).rejects.toThrow(/not valid UTF-8|binary/);
    await expect(importDocument(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0x41]))).rejects.toThrow(/binary/);
    await expect(importDocument('text\u0000with\u0000nul')).rejects.toThrow(/binary/);
  });

  it('rejects a string given as docx and unknown formats with a clear message', async () => {
    await expect(importDocument('x', { format: 'docx' })).rejects.toThrow('a .docx must be given as bytes (Uint8Array), not a string');
    await expect(importDocument('x', { format: 'pdf' as never })).rejects.toThrow(/unknown import format 'pdf'/);
  });

  it('rejects a document of bookmarks only as having no text', async () => {
    await expect(importDocument('[bookmark: a]\n[bookmark: b]')).rejects.toThrow(/no text/);
  });
});

describe('unknown or mangled text', () => {
  it('imports prose as paragraphs, line by line, keeping all the text', async () => {
    const lines = ['Minutes of the third meeting', 'The chair opened the meeting at 09:30.', 'Several delegates spoke; no decision was taken', '42'];
    const doc = await importDocument(lines.join('\n\n'), { format: 'text' });
    expect(children(doc).map((n) => [n.type.name, n.textContent])).toEqual(lines.map((l) => ['paragraph', l]));
  });

  it('imports a fixture with shuffled lines as a valid document without losing its text', async () => {
    const source = fixtureText('wtdc17-ecp-res30-mod.txt').split('\n');
    // A fixed permutation: the same mangled text every run.
    const shuffled = source.map((line, i) => [(i * 37) % source.length, line] as const).sort((a, b) => a[0] - b[0]).map(([, l]) => l);
    const doc = await importDocument(shuffled.join('\n'), { format: 'text' });
    checkValid(doc);
    const letters = (s: string) => s.replace(/\[footnoteRef:\d+\]\d|\[\d+: \d\s*\t|\[bookmark:[^\]]*\]|Reasons:|\s/g, '').length;
    // The action line lives on as the proposal's attributes; the footnote body keeps its text.
    expect(all(doc, 'proposal').map((p) => p.attrs.ref)).toEqual(['ECP/24A5/1']);
    const expected = shuffled.filter((l) => l !== 'MOD\tECP/24A5/1').join('');
    expect(letters(doc.textContent)).toBe(letters(expected) - 1 /* the footnote's closing bracket */);
  });

  it('never throws anything but a clear import error on arbitrary text', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.constantFrom('text', 'markdown'), async (input, format) => {
      try {
        const doc = await importDocument(input, { format: format as 'text' | 'markdown' });
        checkValid(doc);
      } catch (err) {
        expect((err as Error).message).toMatch(/^cannot import: /);
      }
    }), { numRuns: 300 });
  });

  it('never throws on arbitrary ITU-like lines and keeps every word of plain lines', async () => {
    const line = fc.oneof(
      fc.constantFrom('MOD\tEUR/1A1/1', 'RESOLUTION 9 (Rev. Dubai, 2018)', 'considering', 'a)\tthat', '\u2013\tdash', 'Reasons:\tR', '* * *',
        'ECP-1:\tRevision to Resolution 9: T', '\tcell\tcell', '[footnoteRef:1]1', ' [1: 1\tbody]', '- a) md item', '~~x~~ [y](#)', 'Summary:', ''),
      fc.stringMatching(/^[a-z]{1,8}( [a-z]{1,8}){0,6}$/),
    );
    await fc.assert(fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 40 }), fc.constantFrom('text', 'markdown'), async (lines, format) => {
      const source = lines.join('\n');
      try {
        const doc = await importDocument(source, { format: format as 'text' | 'markdown' });
        checkValid(doc);
      } catch (err) {
        expect((err as Error).message).toMatch(/^cannot import: /);
      }
    }), { numRuns: 200 });
  });

  it('never throws on lines made of the characters the rules look at', async () => {
    const chars = fc.constantFrom(...'aZ1 \t\t)([]*~#-|:.,\u2013\u00a0RESOLUTIONMDAS/'.split(''), '[footnoteRef:1]', '[1: ', '](#)', '~~', '**', '\n', '\n\n');
    await fc.assert(fc.asyncProperty(fc.array(chars, { minLength: 1, maxLength: 120 }), fc.constantFrom('text', 'markdown'), async (parts, format) => {
      try {
        checkValid(await importDocument(parts.join(''), { format: format as 'text' | 'markdown' }));
      } catch (err) {
        expect((err as Error).message).toMatch(/^cannot import: /);
      }
    }), { numRuns: 500 });
  });

  it('drops no text from lines of plain words', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.stringMatching(/^[A-Za-z]{1,8}( [A-Za-z]{1,8}){0,8}$/), { minLength: 1, maxLength: 30 }), async (lines) => {
      const doc = await importDocument(lines.join('\n'), { format: 'text' });
      expect(doc.textContent.replace(/\s/g, '')).toBe(lines.join('').replace(/\s/g, ''));
    }), { numRuns: 200 });
  });

  it('still imports a huge plain text', async () => {
    const source = fixtureText('wtdc22-resolutions.txt').repeat(25);
    const doc = await importDocument(source, { format: 'text' });
    expect(all(doc, 'resolution')).toHaveLength(14 * 25);
    expect(all(doc, 'footnote')).toHaveLength(16 * 25);
  });
});

// The .docx reader's limits (shared/import/limits.ts): part sizes are checked from the archive's
// declared sizes before anything is inflated (a zip bomb, or a header claiming 4 GB, fails at once),
// the total of the parts read is bounded, a header that under-states a size gives a cut-off part
// (a clear error, never more memory), and XML nested deeper than MAX_XML_DEPTH is refused
// before parsing.
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { importDocument } from '../../shared/import';
import { xmlDepth } from '../../shared/import/docx/xml';
import { ImportLimitError, MAX_DOCX_PART_BYTES, MAX_DOCX_TOTAL_BYTES, MAX_XML_DEPTH } from '../../shared/import/limits';
import { handmadeDocx, para } from './docx-import-office';

const importDocx = (bytes: Uint8Array) => importDocument(bytes, { format: 'docx' });
const MB = 1024 * 1024;

/** A copy of a zip whose central directory declares `size` as the unpacked size of `name`. */
function declaring(zip: Uint8Array, name: string, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let at = 0; at + 46 <= out.length; at++) {
    if (view.getUint32(at, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(at + 28, true);
    if (new TextDecoder().decode(out.subarray(at + 46, at + 46 + nameLength)) === name) {
      view.setUint32(at + 24, size, true);
      return out;
    }
  }
  throw new Error(`no central directory entry for ${name}`);
}

const refusal = async (bytes: Uint8Array): Promise<Error> => {
  const err = await importDocx(bytes).then(() => null, (e: Error) => e);
  if (!err) throw new Error('the import was not refused');
  return err;
};

describe('.docx limits', () => {
  const docx = handmadeDocx(para('Some text.'), { footnotes: '' });

  it('imports the small package as it is', async () => {
    expect((await importDocx(docx)).textContent).toContain('Some text.');
  });

  it('refuses a zip bomb: a part that unpacks past the limit, before inflating it', async () => {
    const bomb = zipSync({ 'word/document.xml': [new Uint8Array(MAX_DOCX_PART_BYTES + 1).fill(32), { level: 9 }] });
    expect(bomb.length).toBeLessThan(100_000);
    const err = await refusal(bomb);
    expect(err).toBeInstanceOf(ImportLimitError);
    expect(err.message).toBe(`cannot import: word/document.xml unpacks to more than ${MAX_DOCX_PART_BYTES / MB} MB`);
  });

  it('refuses a header claiming 4 GB at once (nothing is allocated for it)', async () => {
    const started = performance.now();
    const err = await refusal(declaring(docx, 'word/document.xml', 0xfffffff0));
    expect(err).toBeInstanceOf(ImportLimitError);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses parts that each pass but together unpack past the total', async () => {
    const each = Math.ceil(MAX_DOCX_TOTAL_BYTES / 2) + 1;
    expect(each).toBeLessThanOrEqual(MAX_DOCX_PART_BYTES);
    const err = await refusal(declaring(declaring(docx, 'word/document.xml', each), 'word/footnotes.xml', each));
    expect(err).toBeInstanceOf(ImportLimitError);
    expect(err.message).toBe(`cannot import: the document's parts unpack to more than ${MAX_DOCX_TOTAL_BYTES / MB} MB`);
  });

  it('a header under-stating a size gives a cut-off part and a clear error', async () => {
    const err = await refusal(declaring(docx, 'word/document.xml', 40));
    expect(err.message).toMatch(/^cannot import: word\/document\.xml is not well-formed XML/);
  });

  it(`refuses XML nested deeper than ${MAX_XML_DEPTH} levels before parsing it`, async () => {
    const deep = `<w:sdt><w:sdtContent>`.repeat(MAX_XML_DEPTH) + para('deep') + `</w:sdtContent></w:sdt>`.repeat(MAX_XML_DEPTH);
    const err = await refusal(handmadeDocx(deep));
    expect(err).toBeInstanceOf(ImportLimitError);
    expect(err.message).toBe(`cannot import: word/document.xml nests elements deeper than ${MAX_XML_DEPTH} levels`);
    const million = `<a>`.repeat(1_000_000);
    const started = performance.now();
    await expect(importDocx(handmadeDocx(million))).rejects.toThrow(ImportLimitError);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('xmlDepth', () => {
  type Tree = { children: Tree[]; selfClose: boolean; text: string };
  const text = fc.constantFrom('', 'a > b', '<!-- <x> -->', '<?pi x?>', '<![CDATA[ x ]]>');
  const treeOf = (levels: number): fc.Arbitrary<Tree> => fc.record({
    children: levels === 0 ? fc.constant([]) : fc.array(treeOf(levels - 1), { maxLength: 3 }), selfClose: fc.boolean(), text,
  });
  const tree = treeOf(6);
  const depth = (t: Tree): number => 1 + Math.max(0, ...t.children.map(depth));
  const xml = (t: Tree): string => (t.children.length === 0 && t.selfClose
    ? `<e a="1"/>`
    : `<e a="1">${t.text}${t.children.map(xml).join('')}</e>`);

  it('is the nesting depth of the elements, whatever the comments, instructions and self-closing tags', () => {
    fc.assert(fc.property(tree, fc.constantFrom('', '<?xml version="1.0"?>', '<!-- c -->'), (t, prolog) => {
      expect(xmlDepth(prolog + xml(t))).toBe(depth(t));
    }));
  });
});

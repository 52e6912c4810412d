// Which resolution a place in the document is about, and the text a quoted extract goes in with
// (shared/model/resolution-target.ts), on real fixtures and small documents.
import { describe, expect, it } from 'vitest';
import { importDocument } from '../../shared/import';
import { citationOf, quoteText, resolutionAt, sectorNamedIn } from '../../shared/model/resolution-target';
import { resolutionRef } from '../../shared/model/resolution-refs';
import { fixtureText } from './import-fixtures';

function posOf(doc: import('prosemirror-model').Node, text: string): number {
  let found = -1;
  doc.descendants((node, pos) => {
    if (found < 0 && node.isTextblock && node.textContent.includes(text)) found = pos + 1;
    return found < 0;
  });
  if (found < 0) throw new Error(`no block with ${text}`);
  return found;
}

describe('resolutionAt', () => {
  it('finds the PP resolution of ECP-1 (Resolution 133) from its text, its intro and its Reasons', async () => {
    const doc = await importDocument(fixtureText('pp18-ecp1-res133-mod.txt'), { format: 'text' });
    for (const at of [posOf(doc, 'RESOLUTION 133'), posOf(doc, 'To update the Resolution, underline')]) {
      expect(resolutionAt(doc, at)).toMatchObject({ sector: 'PP', number: '133' });
    }
  });

  it('finds a WTDC resolution by its conference line when its revision was flattened', async () => {
    const doc = await importDocument(fixtureText('wtdc17-ecp-res30-mod.txt'), { format: 'text' });
    expect(resolutionAt(doc, posOf(doc, 'resolves'))).toMatchObject({ sector: 'WTDC', number: '30' });
  });

  it('answers null outside proposals and resolutions, and for a draft new resolution', async () => {
    const doc = await importDocument('A paragraph.\n\nADD\tEUR/1/1\nDRAFT NEW RESOLUTION [EUR-1]\nTitle\nresolves\n1\tto act;\nReasons:\tNew.', { format: 'text' });
    expect(resolutionAt(doc, posOf(doc, 'A paragraph'))).toBeNull();
    expect(resolutionAt(doc, posOf(doc, 'to act'))).toBeNull();
  });

  it('names Sectors in conference lines and cover fields', () => {
    expect(['The Plenipotentiary Conference of the International Telecommunication Union (Dubai, 2018),', 'World Telecommunication Development Conference (Baku, 2025)',
      'The World Telecommunication Standardization Assembly (Geneva, 2022),', 'Radiocommunication Assembly (RA-23)', 'Council 2024'].map(sectorNamedIn))
      .toEqual(['PP', 'WTDC', 'WTSA', 'RA', null]);
  });
});

describe('quoting', () => {
  it('cites each Sector as a draft does', () => {
    expect(citationOf(resolutionRef('RESOLUTION 29 (Rev. Hammamet, 2016)', 'WTSA')!)).toBe('Resolution 29 (Rev. Hammamet, 2016) of the World Telecommunication Standardization Assembly');
    expect(citationOf(resolutionRef('RESOLUTION 5 (KYOTO, 1994)', 'PP')!)).toBe('Resolution 5 (Kyoto, 1994) of the Plenipotentiary Conference');
    expect(citationOf(resolutionRef('RA Res.47-2')!)).toBe('Resolution ITU-R 47-2');
    expect(citationOf(resolutionRef('WTDC Res.22')!)).toBe('Resolution 22 of the World Telecommunication Development Conference');
  });

  it('quotes an item without its label, in quotation marks, with its citation', () => {
    const ref = resolutionRef('Resolution 65 (Rev. Hammamet, 2016)')!;
    expect(quoteText(ref, '1\tthat international CLI shall be provided;')).toBe('\u201cthat international CLI shall be provided;\u201d (Resolution 65 (Rev. Hammamet, 2016) of the World Telecommunication Standardization Assembly)');
    expect(quoteText(ref, 'ii)\tissues related to OI;')).toMatch(/^\u201cissues related to OI;\u201d/);
    expect(quoteText(ref, 'to continue to cooperate.')).toMatch(/^\u201cto continue to cooperate\.\u201d/);
  });
});

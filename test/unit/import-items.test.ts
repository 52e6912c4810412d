// Items as real texts write them: bare numbers and a space (`1 to ...`, `3 that ...`) with their
// `i)` sub-items, relabels as revision marks (`~~d)~~e)`) or flattened (`1110`), and the call
// headings, whose one list is checked against ../shared/ITU-FORMAT.md.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importDocument } from '../../shared/import';
import { CALL_PHRASES, callHeadingText } from '../../shared/import/patterns';
import { all, checkValid, children, revisions } from './import-fixtures';

const RES = 'RESOLUTION 1 (Rev. Dubai, 2018)\nTitle of the resolution\nThe Plenipotentiary Conference of the International Telecommunication Union (Dubai, 2018),';
const text = async (source: string) => {
  const doc = await importDocument(source, { format: 'text' });
  checkValid(doc);
  return doc;
};
const labelled = (doc: Parameters<typeof all>[0]) => all(doc, 'item').map((i) => [i.textContent.split('\t')[0], i.attrs.level]);

describe('items written with a space', () => {
  it('reads `1 to ...`, `N that ...` and numbers before a capital as items, with i)/ii) sub-items a level down', async () => {
    const doc = await text(`${RES}\nresolves\n1 to continue the work;\ni) alternative calling procedures;\nii)\tissues related to OI;\n2 that ITU should act;\ninstructs\n1 Member States to continue;\n2 the study groups to expedite work,`);
    expect(labelled(doc)).toEqual([['1', 0], ['i)', 1], ['ii)', 1], ['2', 0], ['1', 0], ['2', 0]]);
    expect(all(doc, 'item')[0].textContent).toBe('1\tto continue the work;');
  });

  it('splits a markdown paragraph at the next item number, not at a wrapped line starting with a number', async () => {
    const doc = await importDocument(`${RES.replace(/\n/g, '\n\n')}\n\nresolves\n\n1 to take into account Resolutions\n25 and 123 of the Conference;\n2 to report,`, { format: 'markdown' });
    checkValid(doc);
    expect(all(doc, 'item').map((i) => i.textContent)).toEqual(['1\tto take into account Resolutions 25 and 123 of the Conference;', '2\tto report,']);
  });

  it('keeps numbers opening a line outside a resolution as paragraphs', async () => {
    const doc = await text('1 to begin with, a sentence.\n3 November 2014\n2 countries joined.');
    expect(children(doc).map((n) => n.type.name)).toEqual(['paragraph', 'paragraph', 'paragraph']);
    expect(doc.textContent).toBe('1 to begin with, a sentence.3 November 20142 countries joined.');
  });

  it('items any random run of operative items written with a space or a tab, sub-items a level down', async () => {
    const item = fc.record({
      n: fc.integer({ min: 1, max: 99 }),
      sep: fc.constantFrom(' ', '\t', ' \t', '\u00a0'),
      words: fc.constantFrom('to continue', 'that ITU should', 'the Director to report', 'Member States to act', 'to \u201cstreamline\u201d'),
      subs: fc.array(fc.constantFrom('i)', 'ii)', 'iii)', 'iv)'), { maxLength: 3 }),
    });
    await fc.assert(fc.asyncProperty(fc.array(item, { minLength: 1, maxLength: 8 }), async (items) => {
      const lines = items.flatMap((it) => [`${it.n}${it.sep}${it.words};`, ...it.subs.map((s) => `${s} sub-item;`)]);
      const doc = await text(`${RES}\nresolves\n${lines.join('\n')}`);
      expect(labelled(doc)).toEqual(items.flatMap((it) => [[String(it.n), 0], ...it.subs.map((s) => [s, 1])]));
      expect(all(doc, 'item').map((i) => i.textContent.split('\t')[1])).toEqual(items.flatMap((it) => [`${it.words};`, ...it.subs.map(() => 'sub-item;')]));
    }), { numRuns: 60 });
  });
});

describe('relabelled items', () => {
  it('keeps flattened number runs (old and new number run together) as items, not a table', async () => {
    const doc = await text(`${RES}\nresolves\n1110\tto do one thing;\n1211\tto do another;\n1312 that a third;\n14\tto end.`);
    expect(children(doc, 'table')).toHaveLength(0);
    expect(all(doc, 'table')).toHaveLength(0);
    expect(labelled(doc)).toEqual([['1110', 0], ['1211', 0], ['1312', 0], ['14', 0]]);
  });

  it('keeps a table of years outside a resolution a table', async () => {
    const doc = await text('Year\tPlace\n2014\tBusan\n2018\tDubai');
    expect(children(doc, 'table')).toHaveLength(1);
  });

  it('reads a markdown relabel `~~d)~~e)` as an item whose old label is deleted', async () => {
    const doc = await importDocument(`${RES.replace(/\n/g, '\n\n')}\n\nconsidering\n\na) one;\n\n~~d)~~e) that the WSIS;\n\n- ~~b)~~c) bulleted;\n\nresolves\n\n~~2~~3 to act`, { format: 'markdown' });
    checkValid(doc);
    const items = all(doc, 'item');
    expect(items.map((i) => i.textContent)).toEqual(['a)\tone;', 'd)e)\tthat the WSIS;', 'b)c)\tbulleted;', '23\tto act']);
    expect([...revisions(doc, 'deletion').values()].map((r) => r.text)).toEqual(['d)', 'b)', '2']);
    expect(items.map((i) => i.attrs.level)).toEqual([0, 0, 0, 0]);
  });

  it('reads a flattened relabel `bd)` or `(b)(d)` in text as a letter item', async () => {
    const doc = await text(`${RES}\nconsidering\na)\tone;\n(b)(c)\ttwo;\nc)d) three;`);
    expect(labelled(doc)).toEqual([['a)', 0], ['(b)(c)', 0], ['c)d)', 0]]);
  });
});

describe('call headings', () => {
  it('recognises endorsing and the other phrases of ITU texts', async () => {
    for (const phrase of ['endorsing', 'further endorsing', 'appreciating', 'taking note', 'reiterating also', 'resolves to urge the Telecommunication Standardization Sector']) {
      expect(callHeadingText(phrase), phrase).toBe(true);
    }
    const doc = await text(`${RES}\nendorsing\na)\tthe outcome;`);
    expect(all(doc, 'call_heading').map((c) => c.textContent)).toEqual(['endorsing']);
  });

  it('has every call phrase of ../shared/ITU-FORMAT.md in its one list, with the further/also variants', () => {
    const format = readFileSync(resolve(process.cwd(), '../shared/ITU-FORMAT.md'), 'utf8');
    // The bullet that lists them: "Preamble: considering, ... Operative: resolves, ..." (it may wrap).
    const bullet = /Preamble:([^]*?)(?=\n- |\n\n|$)/.exec(format)?.[1].replace(/\s+/g, ' ');
    expect(bullet).toMatch(/Operative:/);
    const phrases = bullet!.replace('Operative:', ',').replace(/\([^)]*\)/g, '').split(/[,.]\s*/)
      .map((p) => p.replace(/\s*\.\.\.\s*$/, '').replace(/\.+$/, '').trim()).filter(Boolean);
    expect(phrases.length).toBeGreaterThan(12);
    for (const phrase of phrases) {
      const base = phrase.replace(/^further\s+/, '');
      expect(CALL_PHRASES.some((w) => base === w || base.startsWith(`${w} `)), phrase).toBe(true);
      for (const variant of [phrase, `further ${base}`, `${base} also`]) expect(callHeadingText(variant), variant).toBe(true);
    }
  });
});

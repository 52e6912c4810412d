// The HTML preview: self-contained UTF-8, every change as <ins>/<del> with author and date,
// footnotes numbered per resolution and proposal, text escaped.
import { describe, expect, it } from 'vitest';
import { exportDocument } from '../../shared/export';
import { schema } from '../../shared/schema';
import { ALICE, BOB, cover, footnote, p, proposal, reasons, resolution, numberLine, sampleDoc, STANDARD_COVER } from './export-sample';

const decode = (bytes: Uint8Array) => new TextDecoder('utf-8', { fatal: true }).decode(bytes);
const count = (html: string, re: RegExp) => (html.match(re) ?? []).length;

describe('html export', () => {
  it('is one self-contained UTF-8 page with an inline style sheet', async () => {
    const html = decode(await exportDocument(sampleDoc(), { format: 'html' }));
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<style>');
    expect(html).toContain('@page { size: A4;');
    expect(html).not.toMatch(/<link\b|<script\b|src="/);
  });

  it('shows every change with its author, paragraph marks included', async () => {
    const html = decode(await exportDocument(sampleDoc(), { format: 'html' }));
    // Inline: 5 insertions and 4 deletions, the whole inserted and deleted items' labels in a
    // column of their own (one more each); then the two items' paragraph marks.
    expect(count(html, /<ins class="agreed"/g)).toBe(6);
    expect(count(html, /<del class="agreed"/g)).toBe(5);
    expect(count(html, /<ins class="agreed mark"/g)).toBe(1);
    expect(count(html, /<del class="agreed mark"/g)).toBe(1);
    expect(html).toMatch(new RegExp(`<del class="agreed" title="Deleted by ${BOB.name}, 2018-06-12 \\d\\d:\\d\\d UTC \\(agreed\\)" datetime="2018-06-12T[\\d:.]+Z">Busan, 2014</del>`));
    expect(html).toMatch(new RegExp(`<ins class="agreed" title="Inserted by ${ALICE.name}, [^"]+" datetime="[^"]+">Dubai, 2018</ins>`));
    expect(html).toContain('<ins class="agreed mark"');
    expect(html).toContain('<p class="ActionLine"><span class="label"><strong>MOD</strong></span><strong>EUR/48A1/1</strong></p>');
    expect(html).toContain('<p class="Reasons"><span class="label"><strong>Reasons:</strong></span>To update the Resolution');
    expect(html).toMatch(/<p class="Item0"><span class="label"><ins class="agreed" [^>]+>c\)<\/ins><\/span><ins class="agreed" [^>]+>the outcomes/);
  });

  it('numbers footnotes from 1 in each proposal and lists them under it', async () => {
    const unit = (ref: string, note: string) => proposal('ADD', ref, [
      resolution('[EUR-1]', numberLine('DRAFT NEW RESOLUTION [EUR-1]'), p('organizations', footnote(note), ' and more')),
      reasons('Reasons:\tx'),
    ]);
    const doc = schema.node('doc', null, [cover(STANDARD_COVER), unit('EUR/48A1/1', 'First note.'), unit('EUR/48A1/2', 'Second note.')]);
    const html = decode(await exportDocument(doc, { format: 'html' }));
    expect(html).toContain('organizations<sup class="fn-ref"><a id="fnref-1" href="#fn-1">1</a></sup> and more');
    expect(html).toContain('<a id="fnref-2" href="#fn-2">1</a>');
    expect(html).toContain('<p id="fn-1"><sup>1</sup> First note.</p>');
    expect(html).toContain('<p id="fn-2"><sup>1</sup> Second note.</p>');
  });

  it('restarts footnote numbers at each resolution of a run of text, and leaves out empty footnotes', async () => {
    const doc = schema.node('doc', null, [
      p('A letter', footnote('Letter note.'), ' with an empty note', footnote(' ')),
      resolution('5', numberLine('RESOLUTION 5 (Rev. Kigali, 2022)'), p('one', footnote('Five a.'), ' two', footnote('Five b.'))),
      resolution('17', numberLine('RESOLUTION 17 (Rev. Kigali, 2022)'), p('three', footnote('Seventeen a.'))),
    ]);
    const html = decode(await exportDocument(doc, { format: 'html' }));
    const notes = Array.from(html.matchAll(/<p id="fn-\d+"><sup>(\d+)<\/sup> ([^<]*)<\/p>/g), (m) => `${m[1]} ${m[2]}`);
    expect(notes).toEqual(['1 Letter note.', '1 Five a.', '2 Five b.', '1 Seventeen a.']);
    expect(html).toContain('with an empty note</p>');
  });

  it('escapes text and keeps non-ASCII characters', async () => {
    const doc = schema.node('doc', null, [
      cover({ ...STANDARD_COVER, source: 'Propositions européennes communes' }),
      proposal('ADD', 'EUR/48A1/1', [p('a <script>alert("x")</script> & “quotes” – Réunion, 2022'), reasons('Reasons:\tx')]),
    ]);
    const html = decode(await exportDocument(doc, { format: 'html' }));
    expect(html).toContain('a &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; “quotes” – Réunion, 2022');
    expect(html).toContain('Propositions européennes communes');
    expect(html).not.toContain('<script>');
  });
});

// Word revisions in .docx files written by LibreOffice: tracked changes made in a flat ODF file
// (text:tracked-changes) come back as insertion/deletion marks and paragraph-mark records with
// their authors and dates; and a review copy from our own exporter imports with the same changes.
// Word has no change ids of its own that survive: adjacent revisions of one author and time
// (a pasted paragraph's break and text) import as one change, as our editor records a paste.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Fragment, Slice, type Node as PMNode } from 'prosemirror-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportDocument } from '../../shared/export';
import { importDocument } from '../../shared/import';
import { setTrackUser } from '../../shared/track';
import { listChanges } from '../../shared/track/changes';
import { toDocx } from './docx-import-office';
import { all, fixtureBytes } from './import-fixtures';
import { alice, apply, bob, editorState, posOf, run } from './track-doc';

const ALICE = { name: 'Alice Martin', date: '2024-03-01T10:00:00' };
const BOB = { name: 'Bob Chen', date: '2024-03-02T11:30:00' };

function changeInfo(who: { name: string; date: string }): string {
  return `<office:change-info><dc:creator>${who.name}</dc:creator><dc:date>${who.date}</dc:date></office:change-info>`;
}

/** A MOD of Resolution 71 with tracked changes, as flat ODF: a replaced citation, an inserted item, a joined item. */
const FODT = `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:body><office:text>
<text:tracked-changes text:track-changes="true">
<text:changed-region text:id="c1"><text:deletion>${changeInfo(ALICE)}<text:p>Busan, 2014</text:p></text:deletion></text:changed-region>
<text:changed-region text:id="c2"><text:insertion>${changeInfo(BOB)}</text:insertion></text:changed-region>
<text:changed-region text:id="c3"><text:insertion>${changeInfo(BOB)}</text:insertion></text:changed-region>
<text:changed-region text:id="c4"><text:deletion>${changeInfo(ALICE)}<text:p/><text:p/></text:deletion></text:changed-region>
</text:tracked-changes>
<text:p>MOD<text:tab/>EUR/48A1/2</text:p>
<text:p>RESOLUTION 71 (Rev. <text:change text:change-id="c1"/><text:change-start text:change-id="c2"/>Dubai, 2018<text:change-end text:change-id="c2"/>)</text:p>
<text:p>Strategic plan for the Union</text:p>
<text:p>The Plenipotentiary Conference of the International Telecommunication Union (Dubai, 2018),</text:p>
<text:p>considering</text:p>
<text:p>a)<text:tab/>that the plan is needed;<text:change-start text:change-id="c3"/></text:p>
<text:p>b)<text:tab/>that it is reviewed;<text:change-end text:change-id="c3"/></text:p>
<text:p>c)<text:tab/>that the plan<text:change text:change-id="c4"/></text:p>
<text:p>is adopted,</text:p>
<text:p>Reasons:<text:tab/>Update the citation.</text:p>
</office:text></office:body></office:document>
`;

let dir: string;
let revisedDocx: Uint8Array;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'draftroom-docx-rev-'));
  const fodt = join(dir, 'res71-mod.fodt');
  await writeFile(fodt, FODT);
  [revisedDocx] = await toDocx([fodt], dir);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Marked text by kind, id, author and time, in document order. */
function markedRuns(doc: PMNode): { kind: string; id: string; author: string; authorName: string; time: number; status: string; text: string }[] {
  return listChanges(doc).map(({ kind, id, author, authorName, time, status, text }) => ({ kind, id, author, authorName, time, status, text }));
}

describe('Word revisions made with LibreOffice', () => {
  it('become agreed revision marks with the w:author and w:date, ids docx-1 ... in document order', async () => {
    const doc = await importDocument(revisedDocx, { format: 'docx' });
    const alice = { author: ALICE.name, authorName: ALICE.name, time: Date.parse(`${ALICE.date}Z`), status: 'agreed' };
    const bob = { author: BOB.name, authorName: BOB.name, time: Date.parse(`${BOB.date}Z`), status: 'agreed' };
    expect(markedRuns(doc)).toEqual([
      { kind: 'deletion', id: 'docx-1', ...alice, text: 'Busan, 2014' },
      { kind: 'insertion', id: 'docx-2', ...bob, text: 'Dubai, 2018' },
      // The paragraph mark after item a) and the text of item b): one insertion.
      { kind: 'insertion', id: 'docx-3', ...bob, text: '\nb)\tthat it is reviewed;' },
      { kind: 'deletion', id: 'docx-4', ...alice, text: '\n' },
    ]);
  });

  it('keep the structure: the number line, the items, the paragraph-mark records on their blocks', async () => {
    const doc = await importDocument(revisedDocx, { format: 'docx' });
    const [proposal] = all(doc, 'proposal');
    expect(proposal.attrs).toMatchObject({ action: 'MOD', ref: 'EUR/48A1/2' });
    const [resolution] = all(proposal, 'resolution');
    expect(resolution.attrs).toMatchObject({ kind: 'RESOLUTION', number: '71' });
    expect(resolution.firstChild!.textContent).toBe('RESOLUTION 71 (Rev. Busan, 2014Dubai, 2018)');
    const items = all(resolution, 'item');
    expect(items.map((item) => item.textContent)).toEqual([
      'a)\tthat the plan is needed;', 'b)\tthat it is reviewed;', 'c)\tthat the plan',
    ]);
    expect(items.map((item) => (item.attrs.track ?? []).map((r: { kind: string; id: string }) => `${r.kind}:${r.id}`))).toEqual([
      ['insertion:docx-3'], [], ['deletion:docx-4'],
    ]);
    expect(all(proposal, 'reasons')[0].textContent).toBe('Update the citation.');
  });

  it('import the same way twice (deterministic ids)', async () => {
    const a = await importDocument(revisedDocx);
    const b = await importDocument(revisedDocx);
    expect(a.toJSON()).toEqual(b.toJSON());
  });
});

describe('round trip through our review export', () => {
  it('gives the same changes (kind, author, text) and the same text', async () => {
    const base = await importDocument(fixtureBytes('wtdc17-ecp-res30-mod.txt'));
    let state = editorState(base, alice);
    // Alice replaces the number line's year and inserts words; Bob deletes words of an item.
    const year = posOf(state.doc, 'Rev. DubaiBuenos Aires, 2014', 'Rev. DubaiBuenos Aires, '.length);
    state = apply(state, (tr) => tr.insertText('2022', year, year + 4));
    const at = posOf(state.doc, 'to continue working in cooperation', 'to continue working'.length);
    state = apply(state, (tr) => tr.insertText(' closely', at));
    state = run(state, setTrackUser(bob));
    const from = posOf(state.doc, 'United Nations General Assembly', 'United Nations '.length);
    state = apply(state, (tr) => tr.delete(from, from + 'General Assembly '.length));
    // Bob pastes an item after recalling a): a paragraph break with the label and text, one change.
    const itemEnd = state.doc.resolve(posOf(state.doc, 'Resolution 70/1, on transforming our world')).end();
    const { item } = state.schema.nodes;
    const pasted = new Slice(Fragment.from([item.create(), item.create(null, state.schema.text('b)\tthe new item;'))]), 1, 1);
    state = apply(state, (tr) => tr.replace(itemEnd, itemEnd, pasted));
    // And makes the call heading `noting` a heading: an attribute change (Word's w:pPrChange).
    let noting = -1;
    state.doc.descendants((node, pos) => {
      if (node.type.name === 'call_heading' && node.textContent === 'noting') noting = pos;
    });
    state = apply(state, (tr) => tr.setNodeMarkup(noting, state.schema.nodes.heading, { level: 3 }));
    const before = listChanges(state.doc);
    expect(before.map((c) => c.kind)).toEqual(['deletion', 'insertion', 'deletion', 'insertion', 'attribute', 'insertion']);
    expect(before[3].text).toBe('\nb)\tthe new item;');
    expect(before[4].text).toBe('call_heading → heading');

    const review = await exportDocument(state.doc, { format: 'review' });
    const after = await importDocument(review, { format: 'docx' });
    const shape = (doc: PMNode) => listChanges(doc).map((c) => ({ kind: c.kind, author: c.authorName, text: c.text }));
    expect(shape(after)).toEqual(shape(state.doc));
    expect(shape(after).map((c) => c.author)).toEqual(['Alice', 'Alice', 'Bob', 'Bob', 'Bob', 'Alice']);
    // The text of the proposals (the cover page is laid out by the exporter's template).
    const body = (doc: PMNode) => all(doc, 'proposal').map((p) => p.textBetween(0, p.content.size, '\n', '\n')).join('\n');
    expect(body(after)).toContain('RESOLUTION 30 (Rev. DubaiBuenos Aires, 201420222017)');
    expect(body(after)).toBe(body(state.doc));
    const types = (doc: PMNode) => all(doc, 'resolution')[0].children.map((node) => node.type.name);
    expect(types(after)).toEqual(types(state.doc));
  });
});

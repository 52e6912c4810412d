// The review .docx of a commented document: each anchored thread is a Word comment on its text
// (replies threaded, resolved threads done), orphaned threads are left out, no marker leaks into
// the text, and the other formats carry no comments.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { importDocument } from '../../shared/import';
import { createThread, reply, setResolved } from '../../shared/comments';
import { api, connectClient, converged, signIn, signUp, synced, tempDataDir, testServer, waitFor, type Client, type Session } from './helpers';
import { anchorOn } from '../comments-anchor';

const data = tempDataDir();
let server: Awaited<ReturnType<typeof testServer>>;
let coordinator: Session;
let client: Client;
let id: string;
const me = () => ({ id: coordinator.user.id, name: coordinator.user.name });

async function exported(format: string): Promise<Record<string, string>> {
  const res = await fetch(`${server.url}/api/documents/${id}/export?format=${format}&includeSuggested=true`, { headers: { cookie: coordinator.cookie } });
  expect(res.status).toBe(200);
  const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
  return Object.fromEntries(Object.entries(files).filter(([name]) => name.endsWith('.xml')).map(([name, bytes]) => [name, strFromU8(bytes)]));
}

/** The text of w:t and w:delText between the range start and end of comment `n`. */
function commentedText(xml: string, n: number): string {
  const start = xml.indexOf(`<w:commentRangeStart w:id="${n}"/>`);
  const end = xml.indexOf(`<w:commentRangeEnd w:id="${n}"/>`);
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  return [...xml.slice(start, end).matchAll(/<w:(?:t|delText)(?: [^>]*)?>([^<]*)<\/w:(?:t|delText)>/g)].map((m) => m[1]).join('');
}

beforeAll(async () => {
  server = await testServer(data.dir);
  coordinator = await signIn(server, 'coordinator');
  const text = readFileSync(path.resolve(process.cwd(), '../shared/fixtures/pp18-ecp1-res133-mod.txt'), 'utf8');
  const content = (await importDocument(text, { format: 'text' })).toJSON();
  id = (await api(coordinator, 'POST', '/api/documents', { title: 'Resolution 133', group: 'EUR', content })).body.document.id;
  client = connectClient(coordinator, id);
  await synced(client);
  const first = createThread(client.doc, { anchor: anchorOn(client.doc, 'regional root servers'), author: me(), text: 'Why regional?' });
  // Anna replies from her own client, in her own name (the server refuses anything else).
  const anna = await signUp(server, 'anna.schmidt', 'EUR', 'drafter');
  const annas = connectClient(anna, id);
  await waitFor(() => annas.doc.getMap('comments').has(first), [[annas.doc, 'update']], 'the thread at Anna\'s');
  reply(annas.doc, first, { id: anna.user.id, name: anna.user.name }, 'Because of ECP-1.\nSee the reasons.');
  await converged([client, annas], 'Anna\'s reply');
  annas.destroy();
  const second = createThread(client.doc, { anchor: anchorOn(client.doc, 'keyword look-up'), author: me(), text: 'Settled.' });
  setResolved(client.doc, second, me(), true);
  createThread(client.doc, { anchor: anchorOn(client.doc, 'Tunis Agenda'), author: me(), text: 'About to be orphaned' });
  // Delete "Tunis Agenda" (coordinators may edit untracked): that thread is orphaned.
  for (const node of client.doc.getXmlFragment('prosemirror').createTreeWalker((t) => t instanceof Y.XmlText)) {
    const textNode = node as unknown as Y.XmlText;
    const at = textNode.toString().indexOf('Tunis Agenda');
    if (at >= 0 && !textNode.toString().slice(0, at).includes('<')) { textNode.delete(at, 'Tunis Agenda'.length); break; }
  }
  // The server has everything once a fresh client converges with this one.
  const check = connectClient(coordinator, id);
  await converged([client, check], 'the server has the threads');
  check.destroy();
});

afterAll(async () => {
  client?.destroy();
  await server.close();
  data.remove();
});

describe('comments in the review .docx', () => {
  it('anchors each thread as Word comments on its text, replies threaded', async () => {
    const files = await exported('review');
    const document = files['word/document.xml'], comments = files['word/comments.xml'];
    expect(comments).toBeDefined();
    const texts = [...comments.matchAll(/<w:comment [^>]*w:author="([^"]*)"[^>]*>([\s\S]*?)<\/w:comment>/g)]
      .map((m) => [m[1], [...m[2].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('\n')]);
    // In document order: "keyword look-up" (recalling b) before "regional root servers" (recalling c).
    expect(texts).toEqual([
      ['coordinator', 'Settled.'], ['coordinator', 'Why regional?'], ['anna.schmidt', 'Because of ECP-1.\nSee the reasons.'],
    ]);
    expect(commentedText(document, 0)).toBe('keyword look-up');
    expect(commentedText(document, 1)).toBe('regional root servers');
    expect(commentedText(document, 2)).toBe('regional root servers');
    expect(document).toContain('<w:commentReference w:id="2"/>');
    expect(document).not.toMatch(/[\ue000-\uefff]/);
    expect(comments).not.toContain('About to be orphaned');
    // The reply hangs on the first message; the second thread is done.
    const extended = files['word/commentsExtended.xml'];
    expect(extended).toMatch(/w15:paraIdParent=/);
    expect(extended).toMatch(/w15:done="1"/);
  });

  it('adds no comments to the clean copy', async () => {
    const files = await exported('clean');
    expect(files['word/comments.xml']).toBeUndefined();
    expect(files['word/document.xml']).not.toContain('commentRangeStart');
  });
});

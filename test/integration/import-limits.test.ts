// Imports cannot take the server down (POST /api/library/import on a real server): a file past
// the size limit is refused from its Content-Length (413), a zip bomb and pathologically deep XML
// fail at once (422), an import that runs too long is stopped (422) and one that needs too much
// memory dies alone (422), each with one line; while an import runs in its worker thread, a
// second client's WebSocket round trip and its edits keep flowing in under 100 ms.
import { once } from 'node:events';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { Importer, type ImportLimits } from '../../server/import/importer';
import { MAX_IMPORTED_ENTRIES } from '../../server/library/routes';
import { MAX_DOCX_PART_BYTES, MAX_XML_DEPTH } from '../../shared/import/limits';
import { api, appendParagraph, connectClient, contentOf, signIn, synced, tempDataDir, testServer, waitFor, type Client, type Session } from './helpers';

/**
 * The slow import's time limit, well under what the importer takes for slowText: with 3 s, a fast
 * spell of this machine (2026-12-07) finished the import and met the provision limit (2,000)
 * instead, in two runs of three.
 */
const TIMEOUT_MS = 1500;
/** "At once": the answer of a refused file, a worker thread's start included (under a second on an idle machine; this one is shared). */
const FAST_MS = 5000;
const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/** A server with the demo accounts, its coordinator signed in, and two of her clients on the demo document. */
interface Setup {
  server: Awaited<ReturnType<typeof testServer>>;
  coordinator: Session;
  writer: Client;
  reader: Client;
  close(): Promise<void>;
}

async function setUp(limits: Partial<ImportLimits> = {}): Promise<Setup> {
  const data = tempDataDir();
  const server = await testServer(data.dir, { importLimits: limits });
  const coordinator = await signIn(server, 'coordinator');
  const writer = connectClient(coordinator, 'demo');
  const reader = connectClient(coordinator, 'demo');
  await Promise.all([synced(writer), synced(reader)]);
  return {
    server, coordinator, writer, reader,
    close: async () => {
      writer.destroy();
      reader.destroy();
      await server.close();
      data.remove();
    },
  };
}

/** The server of most tests, with the default import limits. */
let main: Setup;

/** A text file that imports slowly: many short resolutions (the importer needs well over TIMEOUT_MS for it). */
function slowText(bytes: number): Uint8Array {
  const unit = 'RESOLUTION 1 (Rev. Kigali, 2022)\nA title of the resolution\nThe World Telecommunication Development Conference (Kigali, 2022),\nconsidering\na)\tthat the text goes on;\n';
  return strToU8(unit.repeat(Math.floor(bytes / unit.length)));
}

function docxWith(documentXml: string | Uint8Array): Uint8Array {
  return zipSync({ 'word/document.xml': [typeof documentXml === 'string' ? strToU8(documentXml) : documentXml, { level: 9 }] });
}

async function importFile(body: Uint8Array, format: string, { server, coordinator } = main): Promise<{ status: number; body: any; ms: number }> {
  const started = performance.now();
  const res = await fetch(`${server.url}/api/library/import?format=${format}`, {
    method: 'POST', body: body as Uint8Array<ArrayBuffer>, headers: { cookie: coordinator.cookie, 'x-csrf-token': coordinator.csrfToken, 'content-type': 'application/octet-stream' },
  });
  return { status: res.status, body: await res.json(), ms: performance.now() - started };
}

/** A sync step 1 on a raw socket and the server's sync step 2 answer: the time between them. */
async function syncRoundTrip(ws: WebSocket): Promise<number> {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint8Array(encoder, Y.encodeStateVector(new Y.Doc()));
  const started = performance.now();
  const answered = new Promise<void>((resolve) => {
    const onMessage = (message: Buffer) => {
      if (message[0] !== 0 || message[1] !== 1) return;
      ws.off('message', onMessage);
      resolve();
    };
    ws.on('message', onMessage);
  });
  ws.send(encoding.toUint8Array(encoder));
  await answered;
  return performance.now() - started;
}

const percentile = (values: number[], p: number): number => [...values].sort((a, b) => a - b)[Math.floor(p * (values.length - 1))];

let ticks = 0;
/** An edit of the writer until the reader has it. */
async function editRoundTrip({ writer, reader }: Setup): Promise<number> {
  const marker = `tick ${++ticks}.`;
  const started = performance.now();
  appendParagraph(writer.doc, marker);
  await waitFor(() => contentOf(reader.doc).includes(marker), [[reader.doc, 'update']], marker);
  return performance.now() - started;
}

/** Runs `work` while measuring WebSocket round trips and edits every 20 ms; returns its result and the times. */
async function measuredDuring<T>(setup: Setup, work: Promise<T>): Promise<{ result: T; syncs: number[]; edits: number[] }> {
  const { server } = setup;
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/collab/demo`, { headers: { cookie: (await signIn(server, 'observer')).cookie } });
  await once(ws, 'open');
  let done = false;
  const syncs: number[] = [], edits: number[] = [];
  const sampling = (async () => {
    while (!done) {
      syncs.push(await syncRoundTrip(ws));
      edits.push(await editRoundTrip(setup));
      await new Promise((resolve) => setTimeout(resolve, 20)); // the sampling interval
    }
  })();
  try {
    const result = await work;
    return { result, syncs, edits };
  } finally {
    done = true;
    await sampling;
    ws.terminate();
  }
}

beforeAll(async () => {
  main = await setUp();
});

afterAll(async () => {
  await main.close();
});

describe('import limits', () => {
  it('refuses a 25 MB text file from its size, before reading it (413, one line)', async () => {
    const { status, body, ms } = await importFile(new Uint8Array(25 * 1024 * 1024).fill(0x61), 'text');
    expect(status).toBe(413);
    expect(body).toEqual({ error: 'the file is larger than 8 MB, the limit for text imports' });
    expect(ms).toBeLessThan(FAST_MS);
  });

  it('refuses a zip bomb (a .docx of a few hundred kB holding 60 MB of XML) at once (422)', async () => {
    const xml = `<w:document xmlns:w="${W}"><w:body>${'<w:p><w:r><w:t>x</w:t></w:r></w:p>'.repeat(2_000_000)}</w:body></w:document>`;
    const bomb = docxWith(xml);
    expect(xml.length).toBeGreaterThan(60_000_000);
    expect(bomb.length).toBeLessThan(400_000);
    const { status, body, ms } = await importFile(bomb, 'docx');
    expect({ status, body }).toEqual({ status: 422, body: { error: `cannot import: word/document.xml unpacks to more than ${MAX_DOCX_PART_BYTES / 1024 / 1024} MB` } });
    expect(ms).toBeLessThan(FAST_MS);
  });

  it('refuses deeply nested XML at once (422)', async () => {
    const deep = `<w:document xmlns:w="${W}"><w:body>${'<w:sdt><w:sdtContent>'.repeat(100_000)}</w:body></w:document>`;
    const { status, body, ms } = await importFile(docxWith(deep), 'docx');
    expect({ status, body }).toEqual({ status: 422, body: { error: `cannot import: word/document.xml nests elements deeper than ${MAX_XML_DEPTH} levels` } });
    expect(ms).toBeLessThan(FAST_MS);
  });

  it('stops an import that runs too long within a few seconds, while other clients round-trip in under 100 ms', async () => {
    const slow = slowText(7 * 1024 * 1024);
    const setup = await setUp({ timeoutMs: TIMEOUT_MS });
    try {
      const started = performance.now();
      const importing = importFile(slow, 'text', setup);
      const { result, syncs, edits } = await measuredDuring(setup, importing);
      expect(result.status).toBe(422);
      expect(result.body).toEqual({ error: `the import took longer than ${TIMEOUT_MS / 1000} s and was stopped` });
      expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + 2000);
      expect(syncs.length).toBeGreaterThan(10);
      // Nine in ten under 100 ms, none near the import's length: on this shared 2-core machine the
      // same sampling without any import has single spikes of a few hundred ms (other processes).
      for (const times of [syncs, edits]) {
        expect(percentile(times, 0.9)).toBeLessThan(100);
        expect(Math.max(...times)).toBeLessThan(1000);
      }
    } finally {
      await setup.close();
    }
  });

  it('stops an import that needs more memory than its worker may have (422); more imports than allowed at once get 503', async () => {
    const importer = new Importer({ maxMemoryMb: 48, timeoutMs: 60_000, maxConcurrent: 1 });
    const running = importer.run(slowText(7 * 1024 * 1024), 'text');
    await expect(importer.run(strToU8('RESOLUTION 1\nTitle\n'), 'text')).rejects.toMatchObject({
      status: 503, message: 'the server is busy with other imports: try again in a minute',
    });
    await expect(running).rejects.toMatchObject({ status: 422, message: 'the import needed more than 48 MB of memory and was stopped' });
  });

  it('refuses a file holding more provisions than one import may add (422), without storing any', async () => {
    const before = (await api(main.coordinator, 'GET', '/api/library?q=&all=1')).body.entries.length;
    expect(before).toBeGreaterThan(0);
    const many = Array.from({ length: MAX_IMPORTED_ENTRIES + 1 }, (_, i) => `RESOLUTION ${5000 + i} (Kigali, 2022)\nTitle ${i}\nThe conference,\nresolves\n1\tto test\n`).join('\n');
    const { status, body } = await importFile(strToU8(many), 'text');
    expect({ status, body }).toEqual({ status: 422, body: { error: `the file holds ${MAX_IMPORTED_ENTRIES + 1} provisions, more than the ${MAX_IMPORTED_ENTRIES} one import may add` } });
    expect((await api(main.coordinator, 'GET', '/api/library?q=&all=1')).body.entries.length).toBe(before);
  });

  it('answers a file that is not a document with 400 and the reason', async () => {
    const { status, body } = await importFile(strToU8('PK\u0003\u0004 not really a zip'), 'docx');
    expect(status).toBe(400);
    expect(body.error).toMatch(/^the file cannot be imported: cannot import: /);
  });
});

describe('JSON bodies', () => {
  it('refuses a 15 MiB JSON sign-in body before parsing it (413)', async () => {
    const body = JSON.stringify({ name: 'coordinator', password: 'x'.repeat(15 * 1024 * 1024) });
    const res = await api(main.server, 'POST', '/api/session', body);
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ error: 'request body too large' });
  });

  it('still takes a whole document (up to the message limit) when creating one, read in a worker thread', async () => {
    const paragraphs = Array.from({ length: 6000 }, (_, i) => ({ type: 'paragraph', content: [{ type: 'text', text: `Paragraph ${i} `.repeat(10) }] }));
    expect(JSON.stringify(paragraphs).length).toBeGreaterThan(1024 * 1024);
    const res = await api(main.coordinator, 'POST', '/api/documents', { title: 'big', content: { type: 'doc', content: paragraphs } });
    expect(res.status).toBe(201);
    const content = await api(main.coordinator, 'GET', `/api/documents/${res.body.document.id}/content`);
    expect(content.body.content).toHaveLength(6000);
    expect(content.body.content[5999].content[0].text).toContain('Paragraph 5999');
    // Bad content and bad JSON in a large body get the same one-line 400 as in a small one.
    const bad = await api(main.coordinator, 'POST', '/api/documents', { title: 'bad', content: { type: 'doc', content: [...paragraphs, { type: 'nonsense' }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^invalid content: .*nonsense/);
    const broken = await api(main.coordinator, 'POST', '/api/documents', `{"title": "x", "content": ${JSON.stringify({ type: 'doc', content: paragraphs }).slice(0, -1)}`);
    expect({ status: broken.status, body: broken.body }).toEqual({ status: 400, body: { error: 'request body is not valid JSON' } });
    // Only a coordinator's large body is read at all.
    const drafter = await signIn(main.server, 'drafter');
    expect((await api(drafter, 'POST', '/api/documents', { title: 'no', content: { type: 'doc', content: paragraphs } })).status).toBe(403);
  });
});

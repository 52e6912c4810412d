// Crash safety: clients type into a document served by `draftroom serve` in a child process,
// the server is SIGKILLed mid-typing, restarted on the same data dir, and every update that
// any client had received from the server is found in the stored document. And SIGTERM shuts
// down gracefully: everything stored and the update log compacted.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openSqliteStore } from '../../server/store/sqlite';
import { api, appendParagraph, connectClient, signIn, synced, tempDataDir, waitFor, type Client } from './helpers';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const data = tempDataDir();
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  data.remove();
});

/** Starts `node bin/draftroom serve` on a free port; resolves with its URL once it listens. */
async function serve(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['bin/draftroom', 'serve', '--port', '0', '--data', data.dir, '--no-build'], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stderr!.on('data', (chunk) => { output += chunk; });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${output}`)));
  });
  return { url, child };
}

describe('crash safety', () => {
  it('loses no update that a client received when the server is killed', async () => {
    let server = await serve();
    let as = await signIn(server, 'coordinator');
    const { body } = await api(as, 'POST', '/api/documents', {
      title: 'Crash', content: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: '.' }] }] },
    });
    const id = body.document.id;
    const typists: Client[] = Array.from({ length: 4 }, () => connectClient(as, id));
    await Promise.all(typists.map((c) => synced(c)));

    // Every update a client receives from the server (origin: its provider) is recorded.
    const received: Uint8Array[] = [];
    for (const c of typists) c.doc.on('update', (update: Uint8Array, origin: unknown) => { if (origin === c.provider) received.push(update); });
    // ... and how many of them changed the text (the server's own attribution updates do not)
    let receivedText = 0;
    for (const c of typists) {
      const text = () => (c.doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as unknown as Y.AbstractType<Y.YEvent<any>>;
      c.doc.on('afterTransaction', (tr: Y.Transaction) => { if (tr.origin === c.provider && tr.changed.has(text())) receivedText++; });
    }

    // Each client types a character whenever it receives one, so the typing never stops.
    const typeOne = (c: Client, i: number) => {
      const text = (c.doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlText;
      text.insert(text.length, String.fromCharCode(97 + i));
    };
    typists.forEach((c, i) => {
      c.doc.on('update', (_u: Uint8Array, origin: unknown) => { if (origin === c.provider) setImmediate(() => typeOne(c, i)); });
      typeOne(c, i);
    });
    await waitFor(() => received.length >= 400, typists.map((c): [Y.Doc, string] => [c.doc, 'update']), '400 received updates');

    const exited = once(server.child, 'exit');
    server.child.kill('SIGKILL');
    await exited;
    for (const c of typists) c.destroy();
    const receivedCount = received.length;
    expect(receivedCount).toBeGreaterThanOrEqual(400);
    const receivedTextCount = receivedText;
    expect(receivedTextCount).toBeGreaterThan(receivedCount / 2);

    server = await serve();
    as = { ...as, url: server.url }; // the session is in the store: it outlives the crash
    try {
      const check = connectClient(as, id);
      await synced(check);
      const storedDoc = new Y.Doc();
      Y.applyUpdate(storedDoc, Y.encodeStateAsUpdate(check.doc));
      check.destroy();
      const storedXml = storedDoc.getXmlFragment('prosemirror').toString();

      // Applying everything the clients received to the stored document must change nothing.
      const merged = new Y.Doc();
      Y.applyUpdate(merged, Y.encodeStateAsUpdate(storedDoc));
      for (const update of received) Y.applyUpdate(merged, update);
      expect(merged.getXmlFragment('prosemirror').toString()).toBe(storedXml);
      expect(Y.encodeStateVector(merged)).toEqual(Y.encodeStateVector(storedDoc));
      // Each typed character reached the three other clients: at least a third as many are stored.
      const typed = ((storedDoc.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlText).length - 1;
      expect(typed).toBeGreaterThanOrEqual(receivedTextCount / (typists.length - 1));
    } finally {
      server.child.kill('SIGTERM');
      await once(server.child, 'exit');
    }
  });

  it('stores and compacts every open document on SIGTERM', async () => {
    const server = await serve();
    const as = await signIn(server, 'coordinator');
    const { body } = await api(as, 'POST', '/api/documents', { title: 'Graceful' });
    const id = body.document.id;
    const writer = connectClient(as, id);
    await synced(writer);
    const fragment = writer.doc.getXmlFragment('prosemirror');
    for (let i = 0; i < 20; i++) appendParagraph(writer.doc, `line ${i}`);
    const observer = connectClient(as, id);
    await synced(observer);
    await waitFor(() => observer.doc.getXmlFragment('prosemirror').length === 20, [[observer.doc, 'update']], 'the edits to reach the server');
    const closed = new Promise<void>((resolve) => observer.provider.once('connection-close', () => resolve()));
    const exited = once(server.child, 'exit');
    server.child.kill('SIGTERM');
    const [code] = await exited;
    await closed;
    writer.destroy();
    observer.destroy();
    expect(code).toBe(0);

    const store = openSqliteStore(data.dir);
    try {
      const stored = await store.load(id);
      expect(stored!.updates).toHaveLength(0);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, stored!.state!);
      expect(doc.getXmlFragment('prosemirror').toString()).toBe(fragment.toString());
    } finally {
      await store.close();
    }
  });
});

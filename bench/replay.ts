// Replays the automerge-paper editing trace (259,778 edits, one Yjs update each) into a bare
// Y.Doc and through a client Y.Doc connected to the server (each update sent, validated, applied
// and stored by the server), checks both against endContent, and prints the ratio. The end of the
// run through the server is when a client that connects afterwards has the final text from it. Trace: josephg/
// editing-traces (CC BY 4.0), automerge-paper by Martin Kleppmann.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as Y from 'yjs';
import { ROOT } from '../server/build';
import { ms, runIfMain, type BenchResult } from './_util';
import { connect, createDocument, disconnect, startChildServer, type BenchClient } from './collab-server';

export const TRACE = resolve(ROOT, '..', 'shared', 'traces', 'automerge-paper.json.gz');

interface Trace {
  startContent: string;
  endContent: string;
  txns: { patches: [number, number, string][] }[];
}

function loadTrace(): Trace {
  const trace = JSON.parse(gunzipSync(readFileSync(TRACE)).toString('utf8')) as Trace;
  // Positions are in code points; Y.Text counts UTF-16 units. They agree when all is in the BMP.
  const astral = /[\u{10000}-\u{10FFFF}]/u;
  if (astral.test(trace.endContent) || trace.txns.some((t) => t.patches.some((p) => astral.test(p[2])))) {
    throw new Error('trace has characters outside the BMP; positions would need converting');
  }
  return trace;
}

function replay(trace: Trace, text: Y.Text): void {
  if (trace.startContent) text.insert(0, trace.startContent);
  for (const { patches } of trace.txns) {
    for (const [pos, deleteCount, insert] of patches) {
      if (deleteCount > 0) text.delete(pos, deleteCount);
      if (insert) text.insert(pos, insert);
    }
  }
}

function checked(text: string, trace: Trace, what: string): void {
  if (text !== trace.endContent) throw new Error(`${what}: final text differs from endContent (${text.length} vs ${trace.endContent.length} chars)`);
}

/** Resolves once `client`'s text equals `expected`, re-checking on each update it applies. */
function reaches(client: BenchClient, expected: string): Promise<void> {
  return new Promise((resolveDone) => {
    const text = client.doc.getText('trace');
    const check = () => {
      if (text.length !== expected.length || text.toString() !== expected) return;
      client.doc.off('update', check);
      resolveDone();
    };
    client.doc.on('update', check);
    check();
  });
}

export async function run(): Promise<BenchResult> {
  const trace = loadTrace();
  const edits = trace.txns.reduce((n, t) => n + t.patches.length, 0);

  const bare = new Y.Doc();
  let t0 = performance.now();
  bare.on('update', () => {}); // an update event per edit, as a connected doc has
  replay(trace, bare.getText('trace'));
  const bareMs = performance.now() - t0;
  checked(bare.getText('trace').toString(), trace, 'bare Y.Doc');

  const server = await startChildServer();
  try {
    const id = await createDocument(server.url, 'replay');
    const writer = await connect(server.url, id);
    t0 = performance.now();
    replay(trace, writer.doc.getText('trace'));
    const localMs = performance.now() - t0;
    checked(writer.doc.getText('trace').toString(), trace, 'client Y.Doc');
    const reader = await connect(server.url, id);
    await reaches(reader, trace.endContent);
    const serverMs = performance.now() - t0;
    disconnect([writer, reader]);
    return {
      name: `Replay of automerge-paper (${edits} edits; target: through the server within 3x of bare)`,
      rows: [
        { setup: 'bare Y.Doc', 'time (ms)': ms(bareMs), 'edits/s': Math.round(edits / (bareMs / 1000)), 'ratio to bare': '1.00' },
        { setup: 'client Y.Doc connected: replay and send', 'time (ms)': ms(localMs), 'edits/s': Math.round(edits / (localMs / 1000)), 'ratio to bare': (localMs / bareMs).toFixed(2) },
        { setup: 'through the server: until it serves the final text', 'time (ms)': ms(serverMs), 'edits/s': Math.round(edits / (serverMs / 1000)), 'ratio to bare': (serverMs / bareMs).toFixed(2) },
      ],
    };
  } finally {
    await server.stop();
  }
}

runIfMain(import.meta.url, run);

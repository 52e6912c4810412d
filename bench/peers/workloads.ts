// The workloads of the peer bench, each run the same way against any of the three servers: all
// clients are bench/peers/client.ts in this process, every document starts from the same seed
// paragraph (bench/collab-server.ts: seedParagraph), and every figure is checked (the late client
// has the trace's end text; every remote applies every keystroke).
import * as Y from 'yjs';
import { median, quantile } from '../_util';
import { checkText, replayIntoText, traceHead, type SequentialTrace } from '../_trace';
import { keystroke } from '../collab-latency';
import { benchText, seedParagraph, textReaches } from '../collab-server';
import { connectPeer, type Endpoint, type PeerClient } from './client';
import type { PeerServer } from './servers';

/** One seed for every document and client: the same bytes, so applying it twice changes nothing. */
const SEED = seedParagraph();
const WARMUP_KEYS = 5;
/**
 * A pause before each turn of the keystroke latency, so that each key meets servers done with
 * the work their previous keys left (Draftroom applies a key to its room after sending it; with no
 * pause that work ran during the next server's key and counted against it).
 */
const TURN_GAP_MS = 1;

/** Connects `count` clients to a document, `batch` handshakes at a time, each with the seed. */
async function connectAll(endpoint: Endpoint, count: number, batch = 25): Promise<PeerClient[]> {
  const clients: PeerClient[] = [];
  for (let i = 0; i < count; i += batch) {
    clients.push(...(await Promise.all(Array.from({ length: Math.min(batch, count - i) }, () => connectPeer(endpoint)))));
  }
  for (const client of clients) Y.applyUpdate(client.doc, SEED);
  return clients;
}

/** Closes the clients; how many times the servers closed their connections before (they reconnected). */
async function closeAll(clients: PeerClient[]): Promise<number> {
  await Promise.all(clients.map((c) => c.close()));
  return clients.reduce((n, c) => n + c.reconnects, 0);
}

/** A wait that ends: `promise`, or an error naming `what` after `ms` (a server that lost an edit never gets there). */
function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** How long a late client may take to get a text from the server. */
const TEXT_TIMEOUT_MS = 15 * 60_000;

export interface Latency {
  median: number;
  p99: number;
  reconnects: number;
}

/**
 * The order in which `n` servers take turns, repeated: each server follows each other one equally
 * often and never itself (for three: every ordered pair once per cycle), so the work a server
 * leaves after its key lands on each of the others alike. More than three: in rotation.
 */
export function turnOrder(n: number): number[] {
  return n === 3 ? [0, 1, 2, 0, 2, 1] : Array.from({ length: n }, (_, i) => i);
}

/**
 * `clients` clients on one new document of each server; each in turn types a key at the start of
 * the paragraph: ms from the key until each other client there has applied it (collab-latency.ts's
 * keystroke). The servers take turns key by key (turnOrder), after a pause of TURN_GAP_MS, so that
 * every server's keys meet the machine in the same state (its speed moves by tens of percent
 * within a second here) and no key waits for, or pays for, work left by a key before it (a
 * typist's keys come tens of ms apart; back to back, a key measured throughput more than latency).
 * Resolves per server.
 */
export async function latency(servers: PeerServer[], clients: number, keys: number): Promise<Latency[]> {
  const groups: PeerClient[][] = [];
  try {
    for (const server of servers) groups.push(await connectAll(await server.newDocument(`latency-${clients}-${Math.random().toString(36).slice(2)}`), clients));
    const samples = servers.map((): number[] => []);
    const order = turnOrder(servers.length);
    const typed = servers.map(() => 0);
    for (let turn = 0; turn < servers.length * (WARMUP_KEYS + keys); turn++) {
      await new Promise((r) => setTimeout(r, TURN_GAP_MS));
      const s = order[turn % order.length];
      const k = typed[s]++;
      const sender = groups[s][k % clients];
      const times = await keystroke(sender, groups[s].filter((c) => c !== sender));
      if (k >= WARMUP_KEYS) samples[s].push(...times);
    }
    const expected = 'x'.repeat(WARMUP_KEYS + keys);
    servers.forEach((server, s) => {
      for (const client of groups[s]) checkText(benchText(client.doc).toString(), expected, `${server.name}: a client after typing`);
    });
    const results: Latency[] = [];
    for (let s = 0; s < servers.length; s++) results.push({ median: median(samples[s]), p99: quantile(samples[s], 0.99), reconnects: await closeAll(groups[s]) });
    return results;
  } catch (err) {
    for (const group of groups) await closeAll(group);
    throw err;
  }
}

/** A client replays the trace, one update per edit; ms until a client connecting afterwards has its end text. */
export async function replayToLateClient(server: PeerServer, trace: SequentialTrace): Promise<{ ms: number; reconnects: number }> {
  const endpoint = await server.newDocument(`replay-${Math.random().toString(36).slice(2)}`);
  const [writer] = await connectAll(endpoint, 1);
  const t0 = performance.now();
  replayIntoText(trace, benchText(writer.doc));
  const reader = await connectPeer(endpoint);
  await within(TEXT_TIMEOUT_MS, textReaches(reader, trace.endContent), `${server.name}: the late client getting the replayed text`);
  const time = performance.now() - t0;
  return { ms: time, reconnects: await closeAll([writer, reader]) };
}

/**
 * Opens `documents` documents, each given the text of the trace's first `edits` edits by a client
 * that stays connected (one update: a document opened with content); once a second client has
 * read each back, waits `settleMs` (Hocuspocus stores 2 s after the last change) and reads the
 * server's RSS. Resolves with it, MiB.
 */
export async function memoryAtDocuments(server: PeerServer, trace: SequentialTrace, documents: number, edits: number, settleMs: number): Promise<number> {
  const head = traceHead(trace, edits);
  const source = new Y.Doc();
  Y.applyUpdate(source, SEED);
  replayIntoText(head, benchText(source));
  const content = Y.encodeStateAsUpdate(source);
  const writers: PeerClient[] = [];
  try {
    for (let d = 0; d < documents; d++) {
      const endpoint = await server.newDocument(`memory-${d}-${Math.random().toString(36).slice(2)}`);
      const [writer] = await connectAll(endpoint, 1);
      writers.push(writer);
      Y.applyUpdate(writer.doc, content);
      const reader = await connectPeer(endpoint);
      await within(TEXT_TIMEOUT_MS, textReaches(reader, head.endContent), `${server.name}: a document's text read back`);
      await reader.close();
    }
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    return server.rss();
  } finally {
    await closeAll(writers);
  }
}

/** `connections` clients, spread over `documents` seeded documents, connected and idle: the server's RSS, MiB. */
export async function memoryAtConnections(server: PeerServer, connections: number, documents: number, settleMs: number): Promise<number> {
  const clients: PeerClient[] = [];
  try {
    for (let d = 0; d < documents; d++) {
      const endpoint = await server.newDocument(`idle-${d}-${Math.random().toString(36).slice(2)}`);
      clients.push(...(await connectAll(endpoint, Math.ceil(connections / documents))));
    }
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    return server.rss();
  } finally {
    await closeAll(clients);
  }
}

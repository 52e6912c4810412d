// The load run: many WebSocket clients typing into one document at once through a server it
// starts on loopback, for a bounded time; then every client and the stored document (read back
// from SQLite after a graceful shutdown) must hold the same content.
import * as Y from 'yjs';
import { openSqliteStore } from '../../server/store/sqlite';
import { median, quantile } from '../_util';
import { connectMany, createDocument, disconnect, startChildServer, type BenchClient } from '../collab-server';

export interface LoadOptions {
  clients: number;
  /** How long the clients type. */
  seconds: number;
  /** Each client's mean time between keystrokes (jittered uniformly by ±50%). */
  keyIntervalMs: number;
  /** Clients share paragraphs: client i types in paragraph i % paragraphs. */
  paragraphs: number;
  /** How long to wait for every client to have every edit once typing stops. */
  settleMs: number;
  log?: (line: string) => void;
}

export interface LoadResult {
  clients: number;
  seconds: number;
  keystrokes: number;
  /** Time from the end of typing until every client had every edit (NaN when they never did). */
  settleMs: number;
  /** Milliseconds from a keystroke until a client in its paragraph applied it (sampled). */
  latency: { median: number; p99: number; samples: number };
  contentChars: number;
  /** Clients whose content differs from the stored document's, and whether the store had it. */
  divergent: number;
  storedMatches: boolean;
  converged: boolean;
}

const FRAGMENT = 'prosemirror';
const LETTERS = 'etaoinshrdlu etaoinshrdlcmfwypvbgkjqxz ';

/** The document's text, a paragraph per line: the content clients and the store must agree on. */
export const contentOf = (doc: Y.Doc): string => doc.getXmlFragment(FRAGMENT).toString();

const paragraphText = (doc: Y.Doc, index: number): Y.XmlText =>
  (doc.getXmlFragment(FRAGMENT).get(index) as Y.XmlElement).get(0) as Y.XmlText;

/** One typing client: a cursor kept as a Yjs relative position, so remote edits move it. */
class Typist {
  private cursor: Y.RelativePosition;
  private timer: NodeJS.Timeout | undefined;
  keystrokes = 0;

  constructor(readonly client: BenchClient, private readonly paragraph: number, private readonly random: () => number) {
    const text = paragraphText(client.doc, paragraph);
    this.cursor = Y.createRelativePositionFromTypeIndex(text, Math.floor(random() * text.length));
  }

  /** Keys every `meanMs` (±50%) from a random start within the first interval, so clients do not type in step. */
  start(meanMs: number, onKey: (typist: Typist) => void): void {
    const next = (delay: number) => {
      this.timer = setTimeout(() => {
        this.key();
        onKey(this);
        next(meanMs * (0.5 + this.random()));
      }, delay);
    };
    next(meanMs * this.random());
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  /** Types a letter at the cursor, or (one key in eight) deletes the character before it. */
  private key(): void {
    const text = paragraphText(this.client.doc, this.paragraph);
    const at = Y.createAbsolutePositionFromRelativePosition(this.cursor, this.client.doc)?.index ?? text.length;
    if (this.random() < 0.125 && at > 0) {
      text.delete(at - 1, 1);
      this.cursor = Y.createRelativePositionFromTypeIndex(text, at - 1);
    } else {
      text.insert(at, LETTERS[Math.floor(this.random() * LETTERS.length)]);
      this.cursor = Y.createRelativePositionFromTypeIndex(text, at + 1);
    }
    this.keystrokes++;
  }
}

/** A deterministic pseudo-random source (mulberry32), so runs type the same keys. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Resolves true once every client holds exactly the edits of `target` (insertions and deletions:
 * a deletion does not advance a state vector, so state vectors alone would miss it), false after
 * `timeoutMs`.
 */
function allCaughtUp(clients: BenchClient[], target: Y.Snapshot, timeoutMs: number): Promise<boolean> {
  const covers = (doc: Y.Doc) => Y.equalSnapshots(Y.snapshot(doc), target);
  return new Promise((resolve) => {
    let waiting = clients.filter((c) => !covers(c.doc)).length;
    if (!waiting) return resolve(true);
    const listeners: Array<() => void> = [];
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      listeners.forEach((off) => off());
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    for (const { doc } of clients) {
      if (covers(doc)) continue;
      const check = () => {
        if (!covers(doc)) return;
        doc.off('afterTransaction', check);
        if (--waiting === 0) finish(true);
      };
      doc.on('afterTransaction', check);
      listeners.push(() => doc.off('afterTransaction', check));
    }
  });
}

/** Every edit made by any client: the snapshot of all their documents merged. */
function everyEdit(clients: BenchClient[]): Y.Snapshot {
  const union = new Y.Doc();
  for (const { doc } of clients) Y.applyUpdate(union, Y.encodeStateAsUpdate(doc));
  return Y.snapshot(union);
}

async function storedContent(dataDir: string, id: string): Promise<string | undefined> {
  const store = openSqliteStore(dataDir);
  try {
    const stored = await store.load(id);
    if (!stored) return undefined;
    const doc = new Y.Doc();
    if (stored.state) Y.applyUpdate(doc, stored.state);
    for (const update of stored.updates) Y.applyUpdate(doc, update);
    return contentOf(doc);
  } finally {
    await store.close();
  }
}

/** Samples latency: when a typist keys, times its arrival at one other client in its paragraph. */
function latencySampler(clients: BenchClient[], paragraphs: number) {
  const samples: number[] = [];
  let busy = false;
  return {
    samples,
    onKey(typist: Typist, index: number) {
      if (busy || clients.length <= paragraphs) return;
      const receiver = clients[(index + paragraphs) % clients.length];
      if (receiver === typist.client) return;
      const target = Y.getState(typist.client.doc.store, typist.client.doc.clientID);
      // A deletion adds no struct, so only insertions are timed (by the receiver's state vector).
      if (Y.getState(receiver.doc.store, typist.client.doc.clientID) >= target) return;
      busy = true;
      const t0 = performance.now();
      const check = () => {
        if (Y.getState(receiver.doc.store, typist.client.doc.clientID) < target) return;
        receiver.doc.off('update', check);
        samples.push(performance.now() - t0);
        busy = false;
      };
      receiver.doc.on('update', check);
    },
  };
}

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const log = opts.log ?? (() => {});
  const server = await startChildServer();
  let clients: BenchClient[] = [];
  try {
    const content = {
      type: 'doc',
      content: Array.from({ length: opts.paragraphs }, (_, i) => ({ type: 'paragraph', content: [{ type: 'text', text: `Paragraph ${i + 1}: ` }] })),
    };
    const id = await createDocument(server.url, 'load', content);
    log(`server ${server.url}, document ${id}: connecting ${opts.clients} clients ...`);
    clients = await connectMany(server.url, id, opts.clients, { presence: false });
    const random = seededRandom(9);
    const typists = clients.map((client, i) => new Typist(client, i % opts.paragraphs, random));
    const sampler = latencySampler(clients, opts.paragraphs);
    log(`typing for ${opts.seconds} s (a key every ${opts.keyIntervalMs} ms per client on average) ...`);
    typists.forEach((typist, i) => typist.start(opts.keyIntervalMs, () => sampler.onKey(typist, i)));
    await new Promise((resolve) => setTimeout(resolve, opts.seconds * 1000));
    typists.forEach((typist) => typist.stop());
    const keystrokes = typists.reduce((n, t) => n + t.keystrokes, 0);
    log(`typing stopped after ${keystrokes} keystrokes; waiting for every client to have every edit ...`);

    const stopped = performance.now();
    const caughtUp = await allCaughtUp(clients, everyEdit(clients), opts.settleMs);
    const settleMs = caughtUp ? performance.now() - stopped : NaN;
    log(caughtUp ? `every client has every edit ${Math.round(settleMs)} ms after typing stopped` : `clients still missing edits after ${opts.settleMs} ms`);

    const reference = contentOf(clients[0].doc);
    const divergentClients = clients.filter((c) => contentOf(c.doc) !== reference).length;
    disconnect(clients);
    clients = [];
    log('shutting the server down (it saves the document) and reading the document back from SQLite ...');
    await server.shutdown();
    const stored = await storedContent(server.dataDir, id);
    const storedMatches = stored === reference;
    return {
      clients: opts.clients,
      seconds: opts.seconds,
      keystrokes,
      settleMs,
      latency: { median: median(sampler.samples), p99: quantile(sampler.samples, 0.99), samples: sampler.samples.length },
      contentChars: reference.length,
      divergent: divergentClients,
      storedMatches,
      converged: caughtUp && divergentClients === 0 && storedMatches,
    };
  } finally {
    disconnect(clients);
    await server.stop();
  }
}

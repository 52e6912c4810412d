// Keystroke-to-remote-apply latency through the server on loopback: 2, 20, 100 and 500 clients on
// one document, one keystroke at a time; and 1,000 clients across 100 documents, a keystroke in
// every document at once. Baseline: the same keystroke applied directly from one Y.Doc to another.
// The server runs in a child process; the clients share this process, so the "every remote"
// figures include this process applying the update for each receiver one after another.
import * as Y from 'yjs';
import { median, ms, quantile, runIfMain, type BenchOptions, type BenchResult } from './_util';
import { connectMany, createDocument, disconnect, startChildServer, type BenchClient } from './collab-server';

interface Setup {
  clients: number;
  documents: number;
  /** Keystrokes per document. */
  keystrokes: number;
}

const FULL: Setup[] = [
  { clients: 2, documents: 1, keystrokes: 300 },
  { clients: 20, documents: 1, keystrokes: 300 },
  { clients: 100, documents: 1, keystrokes: 300 },
  { clients: 500, documents: 1, keystrokes: 100 },
  { clients: 1000, documents: 100, keystrokes: 20 },
];
const QUICK: Setup[] = [
  { clients: 2, documents: 1, keystrokes: 10 },
  { clients: 6, documents: 2, keystrokes: 5 },
];
const WARMUP = 5;
const TARGET_P99_MS = 30;

/** The paragraph text the clients type into. */
const textOf = (doc: Y.Doc) => (doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlText;

/** A connected client: its document, and the origin of the updates it applies from the server. */
export interface Typist {
  doc: Y.Doc;
  provider: unknown;
}

/** Resolves with the time at which `client` applies its next update from the server. */
function nextRemoteApply(client: Typist): Promise<number> {
  // the remote update that brings the key: not any other (the server's attribution in `users`, say)
  const before = textOf(client.doc).length;
  return new Promise((resolve) => {
    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      if (origin !== client.provider || textOf(client.doc).length <= before) return;
      client.doc.off('update', onUpdate);
      resolve(performance.now());
    };
    client.doc.on('update', onUpdate);
  });
}

/** One keystroke by `sender` in its document: ms until each other client there has applied it. */
export async function keystroke(sender: Typist, receivers: Typist[]): Promise<number[]> {
  const arrivals = receivers.map(nextRemoteApply);
  const t0 = performance.now();
  textOf(sender.doc).insert(0, 'x');
  return (await Promise.all(arrivals)).map((t) => t - t0);
}

export function baseline(count: number): number[] {
  const [a, b] = [new Y.Doc(), new Y.Doc()];
  a.getText('t').insert(0, 'start');
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  a.on('update', (update: Uint8Array) => Y.applyUpdate(b, update));
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    a.getText('t').insert(0, 'x');
    samples.push(performance.now() - t0);
  }
  return samples;
}

interface Samples {
  /** Per keystroke: the first remote to apply it. */
  first: number[];
  /** Per keystroke and remote client. */
  every: number[];
}

const row = (setup: string, s: Samples, base: number) => ({
  setup,
  'first remote median (ms)': ms(median(s.first)),
  'first remote p99 (ms)': ms(quantile(s.first, 0.99)),
  'every remote median (ms)': s.every.length ? ms(median(s.every)) : '-',
  'every remote p99 (ms)': s.every.length ? ms(quantile(s.every, 0.99)) : '-',
  'ratio (median, first remote)': base ? (median(s.first) / base).toFixed(0) : '1',
});

/** Opens `setup.documents` documents with their share of clients, types, returns the samples. */
async function measure(url: string, setup: Setup): Promise<Samples> {
  const perDocument = setup.clients / setup.documents;
  const groups: BenchClient[][] = [];
  for (let d = 0; d < setup.documents; d++) {
    const id = await createDocument(url, `latency ${setup.clients}/${d}`, {
      type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'start' }] }],
    });
    groups.push(await connectMany(url, id, perDocument, { presence: setup.clients <= 100 }));
  }
  const samples: Samples = { first: [], every: [] };
  try {
    for (let k = 0; k < WARMUP + setup.keystrokes; k++) {
      // In every document at once: its k-th client types a key.
      const rounds = await Promise.all(groups.map((group) => {
        const sender = group[k % group.length];
        return keystroke(sender, group.filter((c) => c !== sender));
      }));
      if (k < WARMUP) continue;
      for (const times of rounds) {
        samples.first.push(Math.min(...times));
        samples.every.push(...times);
      }
    }
  } finally {
    for (const group of groups) disconnect(group);
  }
  return samples;
}

export async function run({ quick = false }: BenchOptions = {}): Promise<BenchResult> {
  const setups = quick ? QUICK : FULL;
  const direct = baseline(300);
  const base = median(direct);
  const rows: BenchResult['rows'] = [row('baseline: Y.Doc to Y.Doc, same process', { first: direct, every: [] }, 0)];
  const server = await startChildServer();
  try {
    for (const setup of setups) {
      const label = setup.documents === 1
        ? `${setup.clients} clients on one document (${setup.keystrokes} keys)`
        : `${setup.clients} clients across ${setup.documents} documents (${setup.keystrokes} keys in each at once)`;
      rows.push(row(label, await measure(server.url, setup), base));
    }
  } finally {
    await server.stop();
  }
  const at100 = rows.find((r) => String(r.setup).startsWith('100 clients'));
  if (at100) {
    const p99 = Number(at100['every remote p99 (ms)']);
    rows.push({ setup: `target: p99 < ${TARGET_P99_MS} ms at 100 clients (every remote): ${p99 < TARGET_P99_MS ? 'met' : 'MISSED'}`, ...Object.fromEntries(Object.keys(rows[0]).slice(1).map((k) => [k, ''])) });
  }
  return { name: 'Keystroke-to-remote-apply latency (loopback; server in a child process, clients in the bench process)', rows };
}

runIfMain(import.meta.url, run);

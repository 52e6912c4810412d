// Keystroke-to-remote-apply latency through the server on loopback, with 2, 20 and 100 clients
// on one document; baseline: the same keystroke applied directly from one Y.Doc to another.
import * as Y from 'yjs';
import { median, ms, quantile, runIfMain, type BenchResult } from './_util';
import { connect, createDocument, disconnect, startChildServer, type BenchClient } from './collab-server';

const KEYSTROKES = 300;
const WARMUP = 20;

/** The paragraph text the clients type into. */
const textOf = (doc: Y.Doc) => (doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlText;

/** Resolves with the time at which `client` applies its next update from the server. */
function nextRemoteApply(client: BenchClient): Promise<number> {
  return new Promise((resolve) => {
    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      if (origin !== client.provider) return;
      client.doc.off('update', onUpdate);
      resolve(performance.now());
    };
    client.doc.on('update', onUpdate);
  });
}

/** One keystroke by clients[0]: ms until the first remote applies it, and until all have. */
async function keystroke(clients: BenchClient[]): Promise<{ first: number; all: number }> {
  const arrivals = clients.slice(1).map(nextRemoteApply);
  const t0 = performance.now();
  textOf(clients[0].doc).insert(0, 'x');
  const times = await Promise.all(arrivals);
  return { first: times[0] - t0, all: Math.max(...times) - t0 };
}

function baseline(): number[] {
  const [a, b] = [new Y.Doc(), new Y.Doc()];
  a.getText('t').insert(0, 'start');
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  a.on('update', (update: Uint8Array) => Y.applyUpdate(b, update));
  const samples: number[] = [];
  for (let i = 0; i < KEYSTROKES; i++) {
    const t0 = performance.now();
    a.getText('t').insert(0, 'x');
    samples.push(performance.now() - t0);
  }
  return samples;
}

const row = (setup: string, first: number[], all: number[]) => ({
  setup,
  'median (ms)': ms(median(first)),
  'p99 (ms)': ms(quantile(first, 0.99)),
  'median, all remotes (ms)': all.length ? ms(median(all)) : '-',
  'p99, all remotes (ms)': all.length ? ms(quantile(all, 0.99)) : '-',
});

export async function run(): Promise<BenchResult> {
  const direct = baseline();
  const rows: BenchResult['rows'] = [row('baseline: Y.Doc to Y.Doc, same process', direct, [])];
  const server = await startChildServer();
  try {
    for (const n of [2, 20, 100]) {
      const id = await createDocument(server.url, `latency ${n}`, {
        type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'start' }] }],
      });
      const clients: BenchClient[] = [];
      for (let i = 0; i < n; i += 10) clients.push(...(await Promise.all(Array.from({ length: Math.min(10, n - i) }, () => connect(server.url, id)))));
      const first: number[] = [];
      const all: number[] = [];
      for (let k = 0; k < WARMUP + KEYSTROKES; k++) {
        const t = await keystroke(clients);
        if (k < WARMUP) continue;
        first.push(t.first);
        all.push(t.all);
      }
      rows.push(row(`${n} clients through the server`, first, all));
      disconnect(clients);
    }
  } finally {
    await server.stop();
  }
  return { name: `Keystroke-to-remote-apply latency (${KEYSTROKES} keystrokes, loopback; target p99 < 30 ms at 100 clients)`, rows };
}

runIfMain(import.meta.url, run);

// Draftroom beside its peers, in one run: Hocuspocus 3.4.4 (storing in SQLite) and the y-websocket
// 1.5.4 reference server, each a fresh child process per measurement, run interleaved (the order
// of the three rotates from one repetition to the next; the keystroke latency runs the three at
// once, key by key: workloads.ts `latency`) with the same client code and the same workloads:
// keystroke-to-remote latency at 2/20/100 clients on one document, the automerge-paper trace
// replayed until a late client has its end text, and the server's RSS at 100 open documents and
// at 1,000 idle connections. Each figure is the median of the repetitions, with its baseline
// measured in the same run and its ratio to each peer; its verdict compares the repetitions pair
// by pair (speedVerdict); the last rows say what each server skips.
import { median, ms, quantile, runIfMain, type BenchOptions, type BenchResult } from '../_util';
import { ATTRIBUTION, editCount, loadSequentialTrace, traceHead, type SequentialTrace } from '../_trace';
import { baseline as keystrokeBaseline } from '../collab-latency';
import { bareReplay } from '../replay';
import { PEERS, type Peer, type PeerName, type PeerServer } from './servers';
import { latency, memoryAtConnections, memoryAtDocuments, replayToLateClient } from './workloads';

interface Sizes {
  reps: number;
  /** [clients, keys] per latency setup. */
  latency: Array<[number, number]>;
  /** Edits of automerge-paper replayed (Infinity: all). */
  replayEdits: number;
  documents: number;
  /** Edits of the trace each document of the memory run holds. */
  documentEdits: number;
  connections: number;
  connectionDocuments: number;
  settleMs: number;
}

const FULL: Sizes = {
  reps: 3, latency: [[2, 300], [20, 300], [100, 200]], replayEdits: Infinity,
  documents: 100, documentEdits: 5_000, connections: 1_000, connectionDocuments: 10, settleMs: 2_500,
};
const QUICK: Sizes = {
  reps: 1, latency: [[2, 8], [4, 4]], replayEdits: 300,
  documents: 3, documentEdits: 100, connections: 12, connectionDocuments: 2, settleMs: 0,
};

/** One figure: its samples per server (one per repetition), lower is better. */
interface Figure {
  label: string;
  unit: 'ms' | 'MiB';
  baseline?: { label: string; samples: number[] };
  /** Memory: each server's own empty RSS in the same run. */
  emptyOf?: Record<PeerName, number[]>;
  samples: Record<PeerName, number[]>;
  /** Memory: within 1.2x of the best peer; the rest: ahead of both. */
  kind: 'speed' | 'memory';
}

const newFigure = (label: string, unit: Figure['unit'], kind: Figure['kind'], baselineLabel?: string): Figure => ({
  label, unit, kind, samples: { Draftroom: [], Hocuspocus: [], 'y-websocket': [] }, ...(baselineLabel ? { baseline: { label: baselineLabel, samples: [] } } : {}),
});

/**
 * Runs measurements on the peers' servers: `fresh`, each on a server started for it and stopped
 * after; else (quick runs: a start is most of their time) on one server per peer, kept till close().
 */
function servers(fresh: boolean, starts: Figure) {
  const kept = new Map<PeerName, PeerServer>();
  return {
    async on<T>(peer: Peer, work: (server: PeerServer) => Promise<T>): Promise<T> {
      let server = kept.get(peer.name);
      if (!server) {
        server = await peer.start(fresh);
        starts.samples[peer.name].push(server.startMs);
        if (!fresh) kept.set(peer.name, server);
      }
      try {
        return await work(server);
      } finally {
        if (fresh) await server.stop();
      }
    },
    /** `work` on one server of each peer at once (started in the order given). */
    async onAll<T>(peers: Peer[], work: (servers: PeerServer[]) => Promise<T>, running: PeerServer[] = []): Promise<T> {
      if (running.length === peers.length) return work(running);
      return this.on(peers[running.length], (server) => this.onAll(peers, work, [...running, server]));
    },
    async close(): Promise<void> {
      for (const server of kept.values()) await server.stop();
    },
  };
}

/** The peers in the order of repetition `rep`: rotated, so none always goes first. */
const rotated = (rep: number): Peer[] => PEERS.map((_, i) => PEERS[(i + rep) % PEERS.length]);

const MEMORY_TARGET = 1.2;

/**
 * Where Draftroom stands against each peer on a speed figure. The samples of one index were taken
 * in the same repetition, interleaved (so under the same load): ahead of (or behind) a peer when
 * every such pair says so, else level with it, with how many pairs had Draftroom ahead. A figure
 * whose samples cannot be paired is judged by its medians.
 */
export function speedVerdict(f: Pick<Figure, 'samples'>): string {
  const ours = f.samples.Draftroom;
  const stands = (['Hocuspocus', 'y-websocket'] as const).map((peer) => {
    const theirs = f.samples[peer];
    const pairs = theirs.length === ours.length && ours.length > 1 ? ours.map((v, i) => v / theirs[i]) : [median(ours) / median(theirs)];
    const ahead = pairs.filter((r) => r < 1).length;
    return { peer, ahead, n: pairs.length };
  });
  const named = (which: typeof stands) => which.map((s) => s.peer).join(' and ');
  const ahead = stands.filter((s) => s.ahead === s.n), behind = stands.filter((s) => s.ahead === 0);
  const level = stands.filter((s) => s.ahead > 0 && s.ahead < s.n);
  if (ahead.length === stands.length) return 'ahead of both';
  if (behind.length === stands.length) return 'behind both';
  return [
    ahead.length ? `ahead of ${named(ahead)}` : '',
    level.length ? `level with ${level.map((s) => `${s.peer} (ahead in ${s.ahead} of ${s.n} runs)`).join(' and ')}` : '',
    behind.length ? `behind ${named(behind)}` : '',
  ].filter(Boolean).join('; ');
}

/** The summary's line of the speed figures on which Draftroom is not ahead of both peers in every repetition. */
function notAhead(figures: Figure[]): string {
  const short = (label: string) => label.replace(/^keystroke to every remote, /, 'keystroke ').replace(/ on one document/, '').replace(/ \(.*\)$/, '').replace(/, median of \d+ keys$/, ' median');
  const lines = figures.filter((f) => f.kind === 'speed').map((f) => ({ f, verdict: speedVerdict(f) })).filter(({ verdict }) => verdict !== 'ahead of both');
  return lines.length
    ? `Not ahead of both in every repetition (pair by pair): ${lines.map(({ f, verdict }) => `${short(f.label)}: ${verdict}`).join('; ')}.`
    : 'Ahead of both peers on every speed figure, in every repetition.';
}

function rows(figures: Figure[]): BenchResult['rows'] {
  const out: BenchResult['rows'] = [];
  for (const f of figures) {
    const value = (name: PeerName) => median(f.samples[name]);
    const ours = value('Draftroom');
    const toH = ours / value('Hocuspocus');
    const toY = ours / value('y-websocket');
    const fmt = (v: number) => (f.unit === 'ms' ? ms(v) : v.toFixed(0));
    const verdict = f.kind === 'speed'
      ? speedVerdict(f)
      : (ours <= MEMORY_TARGET * Math.min(value('Hocuspocus'), value('y-websocket')) ? `within ${MEMORY_TARGET}x of the best peer` : `over ${MEMORY_TARGET}x the best peer`);
    out.push({
      figure: `${f.label} (${f.unit})`,
      'baseline (same run)': f.baseline
        ? `${f.baseline.label}: ${fmt(median(f.baseline.samples))}`
        : f.emptyOf ? `empty server: ${PEERS.map((p) => fmt(median(f.emptyOf![p.name]))).join(' / ')}` : '-',
      Draftroom: fmt(ours),
      Hocuspocus: fmt(value('Hocuspocus')),
      'y-websocket': fmt(value('y-websocket')),
      'x Hocuspocus': toH.toFixed(2),
      'x y-websocket': toY.toFixed(2),
      verdict,
    });
  }
  return out;
}

export async function run({ quick = false }: BenchOptions = {}): Promise<BenchResult> {
  // A medium run on a busy machine: BENCH_PEERS_REPS=1 BENCH_PEERS_EDITS=50000 (repetitions, edits replayed)
  const sizes = quick ? QUICK : {
    ...FULL, reps: Number(process.env.BENCH_PEERS_REPS) || FULL.reps, replayEdits: Number(process.env.BENCH_PEERS_EDITS) || FULL.replayEdits,
  };
  const full = loadSequentialTrace();
  const trace: SequentialTrace = Number.isFinite(sizes.replayEdits) ? traceHead(full, sizes.replayEdits) : full;
  const inProcess = 'Y.Doc to Y.Doc in process';
  const latencies = sizes.latency.map(([clients, keys]) => ({
    clients, keys,
    median: newFigure(`keystroke to every remote, ${clients} clients on one document, median of ${keys} keys`, 'ms', 'speed', inProcess),
    p99: newFigure(`keystroke to every remote, ${clients} clients on one document, p99`, 'ms', 'speed', inProcess),
  }));
  const replay = newFigure(`${editCount(trace)} edits of automerge-paper, one update each, until a late client has the end text`, 'ms', 'speed', 'bare Y.Text');
  const start = newFigure(`server start: spawn until it listens (${quick ? 'Draftroom\'s first start, seeding its data' : 'Draftroom: on a data folder it has run on'}; every start of the run)`, 'ms', 'speed');
  const empty = newFigure('server RSS, empty (after start, before any connection)', 'MiB', 'memory');
  const emptyOf = (): Record<PeerName, number[]> => ({ Draftroom: [], Hocuspocus: [], 'y-websocket': [] });
  const atDocuments: Figure = { ...newFigure(`server RSS, ${sizes.documents} open documents (${sizes.documentEdits} trace edits each, a client on each)`, 'MiB', 'memory'), emptyOf: emptyOf() };
  const atConnections: Figure = { ...newFigure(`server RSS, ${sizes.connections} idle connections (${sizes.connectionDocuments} documents)`, 'MiB', 'memory'), emptyOf: emptyOf() };

  /** Connections each server closed under the latency and replay workloads (the client reconnected). */
  const reconnects: Record<PeerName, number> = { Draftroom: 0, Hocuspocus: 0, 'y-websocket': 0 };
  const pool = servers(!quick, start);
  try {
    await measureAll();
  } finally {
    await pool.close();
  }
  async function measureAll() {
  for (let rep = 0; rep < sizes.reps; rep++) {
    const direct = keystrokeBaseline(300);
    for (const l of latencies) {
      l.median.baseline!.samples.push(median(direct));
      l.p99.baseline!.samples.push(quantile(direct, 0.99));
    }
    const peers = rotated(rep);
    await pool.onAll(peers, async (running) => {
      peers.forEach((peer, i) => empty.samples[peer.name].push(running[i].rss()));
      for (const l of latencies) {
        const results = await latency(running, l.clients, l.keys);
        peers.forEach((peer, i) => {
          l.median.samples[peer.name].push(results[i].median);
          l.p99.samples[peer.name].push(results[i].p99);
          reconnects[peer.name] += results[i].reconnects;
        });
      }
    });
    replay.baseline!.samples.push(bareReplay(trace));
    for (const peer of rotated(rep)) {
      const result = await pool.on(peer, (server) => replayToLateClient(server, trace));
      replay.samples[peer.name].push(result.ms);
      reconnects[peer.name] += result.reconnects;
    }
    for (const peer of rotated(rep)) {
      await pool.on(peer, async (server) => {
        atDocuments.emptyOf![peer.name].push(server.rss());
        atDocuments.samples[peer.name].push(await memoryAtDocuments(server, full, sizes.documents, sizes.documentEdits, sizes.settleMs));
      });
      await pool.on(peer, async (server) => {
        atConnections.emptyOf![peer.name].push(server.rss());
        atConnections.samples[peer.name].push(await memoryAtConnections(server, sizes.connections, sizes.connectionDocuments, sizes.settleMs));
      });
    }
  }

  }

  const figures = [...latencies.flatMap((l) => [l.median, l.p99]), replay, start, empty, atDocuments, atConnections];
  const baselineRow = {
    figure: `baseline: a keystroke ${inProcess}, median ms`, 'baseline (same run)': ms(median(latencies[0].median.baseline!.samples)),
    Draftroom: '-', Hocuspocus: '-', 'y-websocket': '-', 'x Hocuspocus': '-', 'x y-websocket': '-', verdict: '-',
  };
  const reconnectRow = {
    ...Object.fromEntries(Object.keys(baselineRow).map((k) => [k, ''])),
    figure: 'connections the server closed while typing or replaying (the client opened them again and resynced, as y-websocket\'s provider does)',
    ...Object.fromEntries(PEERS.map((p) => [p.name, reconnects[p.name]])),
  };
  const skipRows = PEERS.map((peer) => ({
    ...Object.fromEntries(Object.keys(baselineRow).map((k) => [k, ''])),
    figure: `${peer.name} skips: ${peer.skips}`,
  }));
  const ratio = (f: Figure, peer: PeerName) => (median(f.samples.Draftroom) / median(f.samples[peer])).toFixed(2);
  const ratios = (fs: Figure[], peer: PeerName) => `${fs.map((f) => ratio(f, peer)).join(' / ')}x ${peer}`;
  const clients = latencies.map((l) => l.clients).join('/');
  const summary = [
    `Beside the peers, same run (Draftroom's figure / the peer's; below 1: Draftroom ahead): keystroke to every remote at ${clients} clients, median ${ratios(latencies.map((l) => l.median), 'Hocuspocus')}, ${ratios(latencies.map((l) => l.median), 'y-websocket')}; p99 ${ratios(latencies.map((l) => l.p99), 'Hocuspocus')}, ${ratios(latencies.map((l) => l.p99), 'y-websocket')}.`,
    `automerge-paper (${editCount(trace)} edits) to a late client: ${ms(median(replay.samples.Draftroom))} ms, ${ratios([replay], 'Hocuspocus')}, ${ratios([replay], 'y-websocket')}. Server start ${ms(median(start.samples.Draftroom))} ms, ${ratios([start], 'Hocuspocus')}, ${ratios([start], 'y-websocket')}; RSS empty / ${sizes.documents} documents / ${sizes.connections} idle connections: ${[empty, atDocuments, atConnections].map((f) => median(f.samples.Draftroom).toFixed(0)).join(' / ')} MiB, ${ratios([empty, atDocuments, atConnections], 'Hocuspocus')}, ${ratios([empty, atDocuments, atConnections], 'y-websocket')}.`,
    notAhead(figures),
    'Draftroom signs in, checks and stores every update before broadcasting it; Hocuspocus (no auth here) stores ~2 s after the last change; y-websocket has no auth and no durability.',
  ];
  return {
    summary,
    name: `Draftroom beside Hocuspocus 3.4.4 and y-websocket 1.5.4 (same client, same workloads, interleaved (keystrokes key by key), ${quick ? 'one server per peer' : 'a fresh server each'}; medians of ${sizes.reps} runs; trace: ${ATTRIBUTION})`,
    rows: [baselineRow, ...rows(figures), reconnectRow, ...skipRows],
  };
}

runIfMain(import.meta.url, run);

// Replays the automerge-paper editing trace (259,778 edits) into a bare Y.Text and through a client
// Y.Doc connected to the server (each edit sent, applied and stored by the server; the run ends when
// a client that connects afterwards has the final text from it); then the first edits of the
// trace as editor transactions (bench/_pm-replay.ts) synced into a Y.XmlFragment by y-prosemirror,
// without and with track mode, against bare Y.Text on the same edits. Every run is checked against
// the trace's end text. Trace: josephg/editing-traces (CC BY 4.0), automerge-paper by Martin Kleppmann.
import * as Y from 'yjs';
import { median, ms, runIfMain, type BenchOptions, type BenchResult } from './_util';
import { flatText, fragmentText, replayThroughProseMirror } from './_pm-replay';
import { ATTRIBUTION, checkText, editCount, loadSequentialTrace, replayIntoText, traceHead, type SequentialTrace } from './_trace';
import { benchText, connect, createDocument, disconnect, seedParagraph, startChildServer, textReaches } from './collab-server';

/** Edits replayed through the editor layers (the whole trace takes minutes there; see the README). */
const EDITOR_EDITS = 30_000;
const QUICK_EDITS = 500;
/** Issue 14: track mode at par (Backspace/Delete and joins tracked directly, shared/track/key-deletion.ts, like typing). */
const TRACK_TARGET = 1.2;
const SERVER_TARGET = 3;
/** Runs of each measurement, interleaved (baseline, then the measured setup): this machine's noise
 * moves single runs by tens of percent, so times are medians and ratios the median of the pairs. */
const REPS = 3;

function timed(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/** Bare Yjs: one Y.Text, an update event per edit (as a connected doc has). */
export function bareReplay(trace: SequentialTrace): number {
  const doc = new Y.Doc();
  doc.on('update', () => {});
  const time = timed(() => replayIntoText(trace, doc.getText('trace')));
  checkText(doc.getText('trace').toString(), trace.endContent, 'bare Y.Text');
  return time;
}

function editorReplay(trace: SequentialTrace, track: boolean): number {
  const doc = new Y.Doc();
  doc.on('update', () => {});
  const fragment = doc.getXmlFragment('prosemirror');
  let state: ReturnType<typeof replayThroughProseMirror> | undefined;
  const time = timed(() => {
    state = replayThroughProseMirror(trace, { track, fragment });
  });
  const what = track ? 'y-prosemirror + track mode' : 'y-prosemirror';
  checkText(flatText(state!.doc), trace.endContent, `${what}: editor state`);
  checkText(fragmentText(fragment), trace.endContent, `${what}: Y.XmlFragment`);
  return time;
}

/** Replays into a connected client; ms until a second client, connecting afterwards, has the end text. */
async function serverReplay(trace: SequentialTrace): Promise<{ local: number; total: number }> {
  const server = await startChildServer();
  try {
    const id = await createDocument(server.url, 'replay');
    const writer = await connect(server.url, id, { presence: false });
    const t0 = performance.now();
    Y.applyUpdate(writer.doc, seedParagraph());
    replayIntoText(trace, benchText(writer.doc));
    const local = performance.now() - t0;
    checkText(benchText(writer.doc).toString(), trace.endContent, 'client Y.Doc');
    const reader = await connect(server.url, id, { presence: false });
    await textReaches(reader, trace.endContent);
    const total = performance.now() - t0;
    disconnect([writer, reader]);
    return { local, total };
  } finally {
    await server.stop();
  }
}

const verdict = (ratio: number, target: number) => `${ratio <= target ? 'met' : 'MISSED'} (target ≤ ${target}x)`;

export async function run({ quick = false }: BenchOptions = {}): Promise<BenchResult> {
  const full = loadSequentialTrace();
  const trace = quick ? traceHead(full, QUICK_EDITS) : full;
  const head = traceHead(full, quick ? QUICK_EDITS / 5 : EDITOR_EDITS);
  const edits = editCount(trace);
  const headEdits = editCount(head);

  const reps = quick ? 1 : REPS;
  const bares: number[] = [], servers: { local: number; total: number }[] = [];
  const bareHeads: number[] = [], plains: number[] = [], tracks: number[] = [];
  for (let i = 0; i < reps; i++) {
    bares.push(bareReplay(trace));
    servers.push(await serverReplay(trace));
    bareHeads.push(bareReplay(head));
    plains.push(editorReplay(head, false));
    tracks.push(editorReplay(head, true));
  }
  const bare = median(bares), bareHead = median(bareHeads), plain = median(plains), track = median(tracks);
  const server = { local: median(servers.map((s) => s.local)), total: median(servers.map((s) => s.total)) };
  const pairRatio = (xs: number[], bases: number[]) => median(xs.map((x, i) => x / bases[i]));
  const pairs = (xs: number[], bases: number[]) => (reps > 1 ? ` (runs: ${xs.map((x, i) => (x / bases[i]).toFixed(2)).join(', ')})` : '');
  const row = (setup: string, n: number, time: number, base: number, target = '') => ({
    setup,
    edits: n,
    'time (ms)': ms(time),
    'edits/s': Math.round(n / (time / 1000)),
    'ratio to baseline': (time / base).toFixed(2),
    target,
  });
  const serverRatio = pairRatio(servers.map((s) => s.total), bares);
  const trackRatio = pairRatio(tracks, plains);
  return {
    name: `Replay of automerge-paper (${ATTRIBUTION}); medians of ${reps} interleaved runs, every run checked against the trace's end text`,
    rows: [
      row('baseline: bare Y.Text, whole trace', edits, bare, bare),
      row('client Y.Doc connected: replay and send', edits, server.local, bare),
      row('through the server: until a new client gets the end text', edits, server.total, bare, `through the server / bare Y.Text = ${serverRatio.toFixed(2)}${pairs(servers.map((s) => s.total), bares)}: ${verdict(serverRatio, SERVER_TARGET)}`),
      row(`baseline: bare Y.Text, first ${headEdits} edits`, headEdits, bareHead, bareHead),
      row('y-prosemirror: a transaction per edit, synced to Y.XmlFragment', headEdits, plain, bareHead),
      row('y-prosemirror + track mode (suggestChanges)', headEdits, track, bareHead, `track / plain editing = ${trackRatio.toFixed(2)}${pairs(tracks, plains)}: ${verdict(trackRatio, TRACK_TARGET)}`),
    ],
  };
}

runIfMain(import.meta.url, run);

// Benchmark: track mode on the automerge-paper trace (josephg/editing-traces, CC BY 4.0), its first
// 30,000 edits replayed as editor transactions synced into a Y.XmlFragment by y-prosemirror
// (bench/_pm-replay.ts), without track mode and with it: through the editor's dispatch (each
// transaction tracked before it is applied, trackBeforeApply) and, as the path before it, by
// `state.apply` alone (the plugin's appended transaction). Every mode is run once to warm up, then
// the three are interleaved REPS times; times are medians, ratios the median of each round's
// ratio to its plain run. Every run is checked against the trace's end text. The same editor rows
// as bench/replay.ts, without its whole-trace server replays. Run: npx tsx bench/track-replay.ts
import * as Y from 'yjs';
import { median, ms, runIfMain, type BenchOptions, type BenchResult } from './_util';
import { flatText, fragmentText, replayThroughProseMirror } from './_pm-replay';
import { ATTRIBUTION, checkText, editCount, loadSequentialTrace, traceHead, type SequentialTrace } from './_trace';

const EDITS = 30_000;
const QUICK_EDITS = 300;
const REPS = 5;
/** Issue 14: track mode within 1.2x of plain editing. */
const TARGET = 1.2;

type Mode = 'plain' | 'dispatch' | 'append';

/** One replay: wall-clock and CPU milliseconds. */
function replay(trace: SequentialTrace, mode: Mode): { wall: number; cpu: number } {
  const doc = new Y.Doc();
  doc.on('update', () => {});
  const fragment = doc.getXmlFragment('prosemirror');
  const c0 = process.cpuUsage(), t0 = performance.now();
  const state = replayThroughProseMirror(trace, { track: mode !== 'plain', dispatch: mode === 'dispatch', fragment });
  const wall = performance.now() - t0, c = process.cpuUsage(c0);
  checkText(flatText(state.doc), trace.endContent, `${mode}: editor state`);
  checkText(fragmentText(fragment), trace.endContent, `${mode}: Y.XmlFragment`);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

export async function run({ quick = false }: BenchOptions = {}): Promise<BenchResult> {
  const trace = traceHead(loadSequentialTrace(), quick ? QUICK_EDITS : EDITS);
  const edits = editCount(trace);
  const reps = quick ? 1 : REPS;
  const modes: Mode[] = ['plain', 'dispatch', 'append'];
  for (const mode of modes) replay(trace, mode);
  const runs: Record<Mode, { wall: number; cpu: number }[]> = { plain: [], dispatch: [], append: [] };
  for (let i = 0; i < reps; i++) for (const mode of modes) runs[mode].push(replay(trace, mode));
  const ratio = (mode: Mode, key: 'wall' | 'cpu') => median(runs[mode].map((r, i) => r[key] / runs.plain[i][key]));
  const each = (mode: Mode) => (reps > 1 ? ` (runs: ${runs[mode].map((r, i) => (r.wall / runs.plain[i].wall).toFixed(2)).join(', ')})` : '');
  const row = (setup: string, mode: Mode, target = '') => ({
    setup,
    edits,
    'time (ms)': ms(median(runs[mode].map((r) => r.wall))),
    'CPU (ms)': ms(median(runs[mode].map((r) => r.cpu))),
    'ratio to plain': ratio(mode, 'wall').toFixed(2),
    'CPU ratio': ratio(mode, 'cpu').toFixed(2),
    target,
  });
  const verdict = (mode: Mode) => `${ratio(mode, 'wall') <= TARGET ? 'met' : 'MISSED'} (≤ ${TARGET}x)${each(mode)}`;
  return {
    name: `Track mode on the replay of automerge-paper (${ATTRIBUTION}), first ${edits} edits; medians of ${reps} interleaved rounds`,
    rows: [
      row('baseline: y-prosemirror, a transaction per edit, no track mode', 'plain'),
      row('track mode through the editor\'s dispatch (tracked before applied)', 'dispatch', verdict('dispatch')),
      row('before: track mode by state.apply alone (appended transaction)', 'append', `${ratio('append', 'wall').toFixed(2)}x${each('append')}`),
    ],
  };
}

runIfMain(import.meta.url, run);

// Benchmark: the cost of track mode on a keystroke. Imports wtdc22-resolutions.txt (the 14 WTDC-22
// resolutions, ~200 kB), then times a one-character insertText transaction with the suggest-mode
// plugin against the same state without it, in the same run, interleaved, typing word after word
// at several places: through the editor's dispatch (tracked before it is applied, one state), as
// `state.apply` alone (the plugin's appended transaction: the path before issue 14's dispatch,
// still taken by transactions applied outside the editor view), and through the text input
// handler the editor's typing uses. Both states carry the editor's plugins that keep state
// (y-prosemirror's sync and undo, tables; client/editor/view.ts), as the editor's do: each
// transaction applied runs their state fields and appendTransaction hooks. Run: npx tsx bench/track.ts
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState, TextSelection, type Plugin } from 'prosemirror-state';
import { tableEditing } from 'prosemirror-tables';
import { ySyncPlugin, yUndoPlugin } from 'y-prosemirror';
import * as Y from 'yjs';
import { schema } from '../shared/schema';
import { suggestChanges, trackBeforeApply, trackedTextInput } from '../shared/track';
import { runIfMain } from './_util';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/fixtures/wtdc22-resolutions.txt');

/** The imported document, or (if the importer fails) the fixture's lines as plain paragraphs. */
async function benchDocument(text: string): Promise<PMNode> {
  try {
    const { importDocument } = await import('../shared/import');
    return await importDocument(text, { format: 'text' });
  } catch {
    const lines = text.split(/\r?\n/).filter((l) => l.trim());
    return schema.node('doc', null, lines.map((l) => schema.nodes.paragraph.create(null, schema.text(l))));
  }
}

function textPositions(doc: PMNode, count: number): number[] {
  const blocks: number[] = [];
  doc.descendants((node, pos) => {
    if (node.isTextblock && node.content.size > 10) blocks.push(pos + 1 + Math.floor(node.content.size / 2));
    return !node.isTextblock;
  });
  const step = Math.max(1, Math.floor(blocks.length / count));
  return blocks.filter((_, i) => i % step === 0).slice(0, count);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

type Keystroke = (state: EditorState, ch: string) => EditorState;

/** Issue 14: a keystroke in track mode within 1.2x of plain. */
const TARGET = 1.2;

/** A keystroke as `state.apply` of an insertText transaction: in track mode the plugin appends a second transaction. */
const applyInsertText: Keystroke = (state, ch) => state.apply(state.tr.insertText(ch));

/** The same transaction through the editor's dispatch (client/editor/view.ts): tracked before it is applied. */
const dispatchInsertText: Keystroke = (state, ch) => state.apply(trackBeforeApply(state, state.tr.insertText(ch)));

/** A keystroke as the editor view makes it in track mode: the plugin's text input handler. */
const applyTextInput: Keystroke = (state, ch) => {
  const { from, to } = state.selection;
  return state.apply(trackedTextInput(state, from, to, ch) ?? state.tr.insertText(ch));
};

/** Time `iterations` keystrokes at the cursor on `start`, word after word at several places. */
function typeKeys(start: EditorState, places: number[], iterations: number, key: Keystroke = applyInsertText): number[] {
  const times: number[] = [];
  const word = 'draft ';
  let state = start;
  for (let i = 0; i < iterations; i++) {
    if (i % word.length === 0) {
      const at = places[(i / word.length) % places.length];
      state = state.apply(state.tr.setSelection(TextSelection.near(state.doc.resolve(Math.min(at, state.doc.content.size - 1)))));
    }
    // a keystroke: the transaction is built and applied
    const t0 = performance.now();
    state = key(state, word[i % word.length]);
    times.push(performance.now() - t0);
  }
  return times;
}

export async function run({ quick = false }: { quick?: boolean } = {}): Promise<{ name: string; rows: Record<string, string | number>[] }> {
  const text = readFileSync(FIXTURE, 'utf8');
  const doc = await benchDocument(text);
  let blocks = 0;
  doc.descendants((node) => { if (node.isTextblock) blocks++; return !node.isTextblock; });
  const places = textPositions(doc, 50);
  const iterations = quick ? 60 : 3000;
  // the editor's plugins with state (no view here: y-prosemirror's binding, made by its view, is absent)
  const editorPlugins = (): Plugin[] => [ySyncPlugin(new Y.Doc().getXmlFragment('prosemirror')), yUndoPlugin(), tableEditing()];
  const make = (plugins: Plugin[]) => EditorState.create({ doc, plugins: [...editorPlugins(), ...plugins] });
  const tracked = make([suggestChanges({ id: 'bench', name: 'Bench' })]);
  const plain = make([]);
  // warm up both paths, then measure them interleaved in rounds so drift hits both alike
  const warmup = quick ? 12 : 600;
  typeKeys(tracked, places, warmup);
  typeKeys(plain, places, warmup);
  typeKeys(tracked, places, warmup, applyTextInput);
  typeKeys(tracked, places, warmup, dispatchInsertText);
  const times = { tracked: [] as number[], plain: [] as number[], input: [] as number[], dispatched: [] as number[] };
  for (let round = 0; round < 3; round++) {
    times.plain.push(...typeKeys(plain, places, iterations / 3));
    times.dispatched.push(...typeKeys(tracked, places, iterations / 3, dispatchInsertText));
    times.tracked.push(...typeKeys(tracked, places, iterations / 3));
    times.input.push(...typeKeys(tracked, places, iterations / 3, applyTextInput));
  }
  const stats = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return { median: percentile(sorted, 50), p99: percentile(sorted, 99) };
  };
  const p = stats(times.plain), t = stats(times.tracked), v = stats(times.input), d = stats(times.dispatched);
  const ms = (x: number) => Number(x.toFixed(4));
  return {
    name: `track mode keystroke (wtdc22-resolutions.txt: ${blocks} blocks, ${Math.round(text.length / 1024)} kB, ${iterations} keys, the editor's plugins with state)`,
    rows: [
      { case: 'baseline: plain (no track plugin)', 'median ms': ms(p.median), 'p99 ms': ms(p.p99), ratio: 1, target: '' },
      {
        case: 'track mode, insertText transaction through the editor\'s dispatch', 'median ms': ms(d.median), 'p99 ms': ms(d.p99), ratio: Number((d.median / p.median).toFixed(2)),
        target: `${d.median / p.median <= TARGET ? 'met' : 'MISSED'} (≤ ${TARGET}x): tracked before it is applied (trackBeforeApply), one state`,
      },
      {
        case: 'before: the same transaction by state.apply alone (appended transaction)', 'median ms': ms(t.median), 'p99 ms': ms(t.p99), ratio: Number((t.median / p.median).toFixed(2)),
        target: 'the path outside the editor view: a second transaction (a second state)',
      },
      {
        case: 'track mode, text input handler (editor typing)', 'median ms': ms(v.median), 'p99 ms': ms(v.p99), ratio: Number((v.median / p.median).toFixed(2)),
        target: `${v.median / p.median <= TARGET ? 'met' : 'MISSED'} (≤ ${TARGET}x)`,
      },
    ],
  };
}

runIfMain(import.meta.url, run);

// The editing traces of /work/shared/traces (josephg/editing-traces, CC BY 4.0; automerge-paper
// by Martin Kleppmann): loading them, checking that positions can be used as UTF-16 offsets, and
// replaying the sequential one into a Y.Text.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type * as Y from 'yjs';
import { ROOT } from '../server/build';

export const SOURCE = 'josephg/editing-traces, CC BY 4.0';
export const ATTRIBUTION = `${SOURCE}; automerge-paper by Martin Kleppmann`;

export type Patch = [pos: number, deleteCount: number, insert: string];

export interface SequentialTrace {
  startContent: string;
  endContent: string;
  txns: { patches: Patch[] }[];
}

export interface ConcurrentTrace {
  kind: 'concurrent';
  endContent: string;
  numAgents: number;
  txns: { parents: number[]; agent: number; patches: Patch[] }[];
}

export const tracePath = (name: string): string => resolve(ROOT, '..', 'shared', 'traces', name);

const ASTRAL = /[\u{10000}-\u{10FFFF}]/u;

function read<T extends { endContent: string; txns: { patches: Patch[] }[] }>(name: string): T {
  const trace = JSON.parse(gunzipSync(readFileSync(tracePath(name))).toString('utf8')) as T;
  if (typeof trace.endContent !== 'string' || !Array.isArray(trace.txns)) throw new Error(`${name}: not an editing trace`);
  // Positions are in code points; Yjs and ProseMirror count UTF-16 units. They agree when all is in the BMP.
  if (ASTRAL.test(trace.endContent) || trace.txns.some((t) => t.patches.some((p) => ASTRAL.test(p[2])))) {
    throw new Error(`${name} has characters outside the BMP; positions would need converting`);
  }
  return trace;
}

export const loadSequentialTrace = (name = 'automerge-paper.json.gz'): SequentialTrace => read<SequentialTrace>(name);

export function loadConcurrentTrace(name = 'clownschool-concurrent.json.gz'): ConcurrentTrace {
  const trace = read<ConcurrentTrace>(name);
  if (trace.kind !== 'concurrent') throw new Error(`${name}: not a concurrent trace`);
  return trace;
}

/** The first `txns` transactions of a sequential trace, with the text they produce as endContent. */
export function traceHead(trace: SequentialTrace, txns: number): SequentialTrace {
  if (txns >= trace.txns.length) return trace;
  const head = { startContent: trace.startContent, txns: trace.txns.slice(0, txns), endContent: '' };
  let text = trace.startContent;
  for (const { patches } of head.txns) {
    for (const [pos, del, ins] of patches) text = text.slice(0, pos) + ins + text.slice(pos + del);
  }
  return { ...head, endContent: text };
}

export const editCount = (trace: { txns: { patches: Patch[] }[] }): number => trace.txns.reduce((n, t) => n + t.patches.length, 0);

export function replayIntoText(trace: SequentialTrace, text: Y.Text): void {
  if (trace.startContent) text.insert(0, trace.startContent);
  for (const { patches } of trace.txns) {
    for (const [pos, deleteCount, insert] of patches) {
      if (deleteCount > 0) text.delete(pos, deleteCount);
      if (insert) text.insert(pos, insert);
    }
  }
}

export function checkText(text: string, expected: string, what: string): void {
  if (text !== expected) throw new Error(`${what}: final text differs from the trace's endContent (${text.length} vs ${expected.length} chars)`);
}

// Comparing a direct path of track mode with the general replay (the property tests of
// key-deletion, recorded-split and the dispatch path): random documents made by random edit
// sequences of two users, and documents compared with the ids and times of the changes the
// compared edit made (random, the clock) replaced by their order of appearance.
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState } from 'prosemirror-state';
import { suggestChanges } from '../../shared/track';
import { alice } from './track-doc';
import { trackedStep, type Op } from './track-ops';

export const seededRuns = (numRuns: number, seed: number) => {
  const env = process.env.FC_SEED;
  return { numRuns, ...(env === 'random' ? {} : { seed: env ? Number(env) : seed }) };
};

/** The document after the ops in track mode (ops that do not apply are skipped). */
export function randomDoc(original: PMNode, ops: Op[]): PMNode {
  let state = EditorState.create({ doc: original, plugins: [suggestChanges(alice)] });
  for (const op of ops) state = trackedStep(state, op) ?? state;
  return state.doc;
}

/**
 * A document's JSON with the ids of the changes an edit makes (random) replaced by their order of
 * appearance, and their times (the clock) by 'now': those of new changes, and any stamped at or
 * after `since` (the edit's start; a record added to an existing change gets the clock's time).
 */
export function canonical(doc: PMNode, known: Set<string>, since = Infinity): unknown {
  const ids = new Map<string, string>();
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (!value || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    const record = value as Record<string, unknown>;
    const fresh = typeof record.id === 'string' && !known.has(record.id);
    for (const [k, v] of Object.entries(value)) {
      if (k === 'id' && fresh) {
        if (!ids.has(v as string)) ids.set(v as string, `new-${ids.size}`);
        out[k] = ids.get(v as string);
      } else if (k === 'time' && (fresh || (typeof v === 'number' && v >= since))) out[k] = 'now';
      else out[k] = walk(v);
    }
    return out;
  };
  return walk(doc.toJSON());
}

/** The change ids already in `doc` (kept as they are, with their times, when comparing). */
export function knownValues(doc: PMNode): Set<string> {
  const known = new Set<string>();
  const note = (attrs: Record<string, unknown>) => {
    if (typeof attrs.id === 'string') known.add(attrs.id);
  };
  doc.descendants((node) => {
    for (const mark of node.marks) note(mark.attrs);
    for (const r of (node.attrs.track ?? []) as Record<string, unknown>[]) note(r);
    return true;
  });
  return known;
}

// The direct judge of typing (server/collab/typing-check.ts) against the guard's general check
// (a shadow copy, the strict reading and the drafter's withdrawal) and against oracles of its
// own. A random session of raw text edits, each one update by a drafter or a coordinator, made
// on the server's state or on one a few updates old (concurrent edits): text typed with the
// formatting where it lands (what typing makes), with her own insertion mark, with forged or
// invalid marks; ranges deleted and formatted; and format items of unknown or clashing marks left
// around nothing in the stored state, unchecked (as an old state may hold them), which a client
// asking for those marks types into without adding format items. Whenever the judge decides an
// update its verdict must be the general check's, and an update it accepts must leave a document
// that still reads strictly and, for a drafter, withdraws to the same document as before.
import fc from 'fast-check';
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorToYDoc } from 'y-prosemirror';
import { checkUpdate, UpdateGuard, type Writer } from '../../server/collab/guard';
import { strictDoc } from '../../server/collab/strict-doc';
import { TypingJudge } from '../../server/collab/typing-check';
import { schema } from '../../shared/schema';
import { listChanges, review } from '../../shared/track';
import { alice, bob, editorState, importedMarksDoc } from './track-doc';

const seedEnv = process.env.FC_SEED;
const RUNS = { numRuns: 150, ...(seedEnv === 'random' ? {} : { seed: seedEnv ? Number(seedEnv) : 20261207 }) };
const NOW = Date.now();

const drafter: Writer = { userId: alice.id, userName: alice.name, role: 'drafter' };
const coordinator: Writer = { userId: bob.id, userName: bob.name, role: 'coordinator' };

/** The base: imported marks, a sentence Alice typed in track mode and one Bob typed (open insertions). */
function base(): Uint8Array {
  let state = editorState(importedMarksDoc(), alice);
  const texts: number[] = [];
  state.doc.descendants((n, pos) => { if (n.isText) texts.push(pos); return true; });
  state = state.apply(state.tr.insertText('alice adds this ', texts[0]));
  const asBob = editorState(state.doc, bob);
  const last = texts[texts.length - 1] + 'alice adds this '.length;
  return Y.encodeStateAsUpdate(prosemirrorToYDoc(asBob.apply(asBob.tr.insertText('bob adds that ', last)).doc, 'prosemirror'));
}
const BASE = base();

const own = { id: 'own-1', author: alice.id, authorName: alice.name, time: NOW, status: 'suggested' };
const marksArb = fc.constantFrom<Record<string, unknown> | undefined>(
  undefined, undefined, undefined, {}, { insertion: own }, { insertion: { ...own, id: 'own-2' } },
  { insertion: { ...own, time: NOW + 3_600_000 } }, { insertion: { ...own, authorName: 'Mallory' } },
  { insertion: { ...own, author: bob.id } }, { insertion: { ...own, status: 'agreed' } }, { deletion: own },
  { strong: {} }, { superscript: {} }, { subscript: {} }, { evil: {} }, { strong: true }, { strong: { evil: 1 } },
  { insertion: null }, { strong: null },
);
/** Marks left around nothing in a stored state: unknown, invalid, clashing, or forged records. */
const storedArb = fc.constantFrom<Record<string, unknown>>(
  { evil: {} }, { strong: { evil: 1 } }, { strong: true }, { superscript: {} }, { subscript: {} },
  { insertion: { ...own, time: NOW + 3_600_000 } }, { insertion: { ...own, author: bob.id, authorName: bob.name } },
  { superscript: {}, subscript: {} }, { insertion: own, deletion: { ...own, id: 'own-3' } },
);

type Edit =
  | { kind: 'type'; at: number; offset: number; text: string; marks: Record<string, unknown> | undefined }
  | { kind: 'delete'; at: number; offset: number; length: number }
  | { kind: 'format'; at: number; offset: number; length: number; marks: Record<string, unknown> }
  | { kind: 'stored'; at: number; offset: number; marks: Record<string, unknown> };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('type' as const), at: fc.nat(), offset: fc.nat(), text: fc.constantFrom('x', 'word ', 'Ω'), marks: marksArb }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), offset: fc.nat(), length: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('format' as const), at: fc.nat(), offset: fc.nat(), length: fc.integer({ min: 1, max: 4 }), marks: marksArb.map((m) => m ?? {}) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stored' as const), at: fc.nat(), offset: fc.nat(), marks: storedArb }) },
);
/** An edit, by the drafter or not, on the server's state or one 1-2 accepted updates old. */
const stepArb = fc.tuple(editArb, fc.boolean(), fc.constantFrom(0, 0, 0, 1, 2));

function texts(doc: Y.Doc): Y.XmlText[] {
  const out: Y.XmlText[] = [];
  const walk = (parent: Y.XmlElement | Y.XmlFragment): void => {
    for (const child of parent.toArray()) {
      if (child instanceof Y.XmlElement) walk(child);
      else if (child instanceof Y.XmlText) out.push(child);
    }
  };
  walk(doc.getXmlFragment('prosemirror'));
  return out;
}

/** A copy of a state, read in a local transaction: Yjs cleans up no formatting (a client may not). */
function copyOf(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => Y.applyUpdate(doc, state));
  return doc;
}

/** One edit made on a client's copy of `state`: the update it sends (null when it changes nothing). */
function updateOf(state: Uint8Array, edit: Exclude<Edit, { kind: 'stored' }>): Uint8Array | null {
  const doc = copyOf(state);
  const all = texts(doc);
  if (!all.length) return null;
  const text = all[edit.at % all.length];
  let update: Uint8Array | null = null;
  doc.on('update', (u: Uint8Array) => { update = u; });
  const from = edit.offset % (text.length + 1);
  if (edit.kind === 'type') text.insert(from, edit.text, edit.marks);
  else if (edit.kind === 'delete' && text.length > from) text.delete(from, Math.min(edit.length, text.length - from));
  else if (edit.kind === 'format' && text.length > from) text.format(from, Math.min(edit.length, text.length - from), edit.marks);
  return update;
}

/**
 * Leaves format items of `marks` around nothing after an item of a text of the server's doc,
 * unchecked and uncleaned; returns the typing a client asking for those marks there makes.
 */
function store(doc: Y.Doc, edit: Extract<Edit, { kind: 'stored' }>): Extract<Edit, { kind: 'type' }> | null {
  const all = texts(doc);
  if (!all.length) return null;
  const text = all[edit.at % all.length];
  const items: Y.Item[] = [];
  for (let n = text._start; n; n = n.right) items.push(n);
  let left = items.length ? items[edit.offset % items.length] : null;
  let offset = 0;
  for (let n = text._start; n && left && n !== left.right; n = n.right) if (!n.deleted && n.countable) offset += n.length;
  doc.transact((tr: Y.Transaction) => {
    for (const [key, value] of [...Object.entries(edit.marks), ...Object.keys(edit.marks).map((key) => [key, null] as const)]) {
      const id = Y.createID(doc.clientID, Y.getState(doc.store, doc.clientID));
      const right = left ? left.right : text._start;
      const item = new Y.Item(id, left, left?.lastId ?? null, right, right?.id ?? null, text, null, new Y.ContentFormat(key, value as object));
      item.integrate(tr, 0);
      left = item;
    }
  });
  return { kind: 'type', at: edit.at, offset, text: 'x', marks: edit.marks };
}

/** Applies `update` to `doc`: true when it changed the doc and left nothing pending, else undefined. */
function applyChanges(doc: Y.Doc, update: Uint8Array): true | undefined {
  let changed = false;
  const see = (tr: Y.Transaction) => {
    changed ||= tr.deleteSet.clients.size > 0 || [...tr.afterState].some(([client, clock]) => tr.beforeState.get(client) !== clock);
  };
  doc.on('afterTransaction', see);
  try {
    Y.applyUpdate(doc, update, 'client');
  } finally {
    doc.off('afterTransaction', see);
  }
  return (changed && doc.store.pendingStructs === null && doc.store.pendingDs === null) || undefined;
}

function readable(doc: Y.Doc): PMNode | null {
  try {
    return strictDoc(doc.getXmlFragment('prosemirror'));
  } catch {
    return null;
  }
}

/** `doc` with every open suggestion of `userId` rejected by the engine (the drafter invariant's oracle). */
function withdrawn(doc: PMNode, userId: string): string {
  const state = EditorState.create({ doc });
  const ids = listChanges(doc).filter((c) => c.author === userId && c.status === 'suggested').map((c) => c.id);
  return JSON.stringify((ids.length ? state.apply(review(state, ids, 'reject')).doc : doc).toJSON());
}

describe('the typing judge decides as the general check does', () => {
  it('on random sessions of raw text edits by a drafter and a coordinator, some concurrent', () => {
    let decided = 0, accepted = 0, refusedGenerally = 0, declined = 0;
    fc.assert(fc.property(fc.array(stepArb, { minLength: 1, maxLength: 12 }), (session) => {
      const server = copyOf(BASE);
      const states = [Y.encodeStateAsUpdate(server)];
      const judge = new TypingJudge(server, server.getXmlFragment('prosemirror'));
      try {
        for (const [edit, byDrafter, stale] of session) {
          let typing: Exclude<Edit, { kind: 'stored' }> | null = edit.kind === 'stored' ? null : edit;
          if (edit.kind === 'stored') {
            typing = store(server, edit);
            states.push(Y.encodeStateAsUpdate(server));
          }
          if (!typing) continue;
          const writer = byDrafter ? drafter : coordinator;
          const update = updateOf(states[Math.max(0, states.length - 1 - (edit.kind === 'stored' ? 0 : stale))], typing);
          if (!update) continue;
          const before = readable(server);
          const direct = judge.judge(update, writer, NOW);
          const general = checkUpdate(server, update, writer, NOW, { typing: false });
          const what = `${JSON.stringify(typing)} by ${writer.role}`;
          if (direct === undefined) declined++;
          else {
            decided++;
            expect(direct, what).toBe(general);
          }
          if (general && direct !== null) { refusedGenerally++; continue; }
          accepted++;
          Y.applyUpdate(server, update, 'client');
          states.push(Y.encodeStateAsUpdate(server));
          if (direct !== null || !before) continue;
          const after = readable(server);
          expect(after, `${what}: accepted directly, so it still reads strictly`).not.toBeNull();
          if (writer === drafter) expect(withdrawn(after!, alice.id), `${what}: exactly her tracked change`).toBe(withdrawn(before, alice.id));
        }
      } finally {
        judge.destroy();
      }
    }), RUNS);
    expect(decided, 'updates the judge decided').toBeGreaterThan(150);
    expect(declined, 'updates left to the general check').toBeGreaterThan(150);
    expect(accepted).toBeGreaterThan(150);
    expect(refusedGenerally).toBeGreaterThan(50);
  });

  it('a guard with the judge gives the verdicts of one without, and keeps its shadow in step', () => {
    fc.assert(fc.property(fc.array(stepArb, { minLength: 1, maxLength: 12 }), (session) => {
      const [fast, general] = [copyOf(BASE), copyOf(BASE)];
      // as a room uses it: it follows only what it did not accept itself
      const guard = new UpdateGuard(fast, { listen: false });
      const plain = new UpdateGuard(general, { listen: false, typing: false });
      const states = [Y.encodeStateAsUpdate(fast)];
      try {
        for (const [edit, byDrafter, stale] of session) {
          if (edit.kind === 'stored') continue;
          const writer = byDrafter ? drafter : coordinator;
          const update = updateOf(states[Math.max(0, states.length - 1 - stale)], edit);
          if (!update) continue;
          const verdict = guard.check(update, writer, NOW);
          const typed = guard.typedChange;
          expect(verdict, JSON.stringify(edit)).toBe(plain.check(update, writer, NOW));
          if (!verdict) {
            // a typed change (the room's short way stores and sends it before applying it) changes the doc, cleanly
            if (typed) expect(applyChanges(fast, update), `${JSON.stringify(edit)}: changes the doc`).toBe(true);
            else Y.applyUpdate(fast, update, 'client');
            Y.applyUpdate(general, update, 'client');
            states.push(Y.encodeStateAsUpdate(fast));
            // the same update again changes nothing: never a typed change
            if (!guard.check(update, writer, NOW)) expect(guard.typedChange).toBe(false);
          }
        }
      } finally {
        guard.destroy();
        plain.destroy();
      }
    }), RUNS);
  });
});

describe('a typed change is applied cleanly', () => {
  it('whatever bytes a client sends: an update the guard takes for a typed change applies without error and changes the doc', () => {
    let typedChanges = 0;
    const mutation = fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('flip', 'cut', 'insert'));
    fc.assert(fc.property(editArb, fc.boolean(), fc.array(mutation, { maxLength: 3 }), (edit, byDrafter, mutations) => {
      if (edit.kind === 'stored') return;
      const update = updateOf(BASE, edit);
      if (!update) return;
      let bytes = update;
      for (const [at, value, how] of mutations) {
        const i = at % bytes.length;
        if (how === 'flip') bytes = bytes.map((b, j) => (j === i ? value : b));
        else if (how === 'cut') bytes = bytes.slice(0, i);
        else bytes = Uint8Array.from([...bytes.slice(0, i), value, ...bytes.slice(i)]);
      }
      const doc = copyOf(BASE);
      const guard = new UpdateGuard(doc, { listen: false });
      try {
        let verdict: string | null;
        try {
          verdict = guard.check(bytes, byDrafter ? drafter : coordinator, NOW);
        } catch {
          return; // malformed: the connection is closed, nothing applied
        }
        if (verdict || !guard.typedChange) return;
        typedChanges++;
        expect(applyChanges(doc, bytes)).toBe(true);
      } finally {
        guard.destroy();
      }
    }), { ...RUNS, numRuns: 1500 });
    expect(typedChanges, 'typed changes among the mutated updates').toBeGreaterThan(40);
  });
});

describe('what the judge leaves to the general check', () => {
  const server = () => copyOf(BASE);
  const judgeOf = (doc: Y.Doc) => new TypingJudge(doc, doc.getXmlFragment('prosemirror'));

  it('typing into plain text is decided directly; into a text under the wrong element, never', () => {
    const doc = prosemirrorToYDoc(schema.node('doc', null, [schema.node('paragraph', null, [schema.text('plain text')])]), 'prosemirror');
    const typed = updateOf(Y.encodeStateAsUpdate(doc), { kind: 'type', at: 0, offset: 1, text: 'x', marks: undefined })!;
    expect(judgeOf(doc).judge(typed, coordinator, NOW)).toBeNull();
    expect(judgeOf(doc).judge(typed, drafter, NOW), 'untracked typing by a drafter: the general check refuses it').toBeUndefined();
    expect(checkUpdate(doc, typed, drafter, NOW)).toMatch(/track mode only/);
    // the first characters in an empty text (a paragraph holding an empty Y.XmlText)
    const empty = new Y.Doc();
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText()]);
    empty.getXmlFragment('prosemirror').insert(0, [paragraph]);
    const first = updateOf(Y.encodeStateAsUpdate(empty), { kind: 'type', at: 0, offset: 0, text: 'hello', marks: undefined })!;
    expect((Y.decodeUpdate(first).structs[0] as Y.Item).origin).toBeNull();
    expect(judgeOf(empty).judge(first, coordinator, NOW)).toBeNull();
    // a text straight in a table row (the schema has no text there)
    const odd = new Y.Doc();
    const table = new Y.XmlElement('table'), row = new Y.XmlElement('table_row');
    odd.getXmlFragment('prosemirror').insert(0, [table]);
    table.insert(0, [row]);
    row.insert(0, [new Y.XmlText('z')]);
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(odd));
    let update: Uint8Array | null = null;
    client.on('update', (u: Uint8Array) => { update = u; });
    texts(client)[0].insert(1, 'y');
    expect(judgeOf(odd).judge(update!, coordinator, NOW)).toBeUndefined();
  });

  it('typing between neighbours that others have come between since is left to the general check', () => {
    const doc = prosemirrorToYDoc(schema.node('doc', null, [schema.node('paragraph', null, [schema.text('abc')])]), 'prosemirror');
    const stale = Y.encodeStateAsUpdate(doc);
    const bold = updateOf(stale, { kind: 'format', at: 0, offset: 1, length: 2, marks: { strong: {} } })!;
    Y.applyUpdate(doc, bold, 'client');
    const typed = updateOf(stale, { kind: 'type', at: 0, offset: 1, text: 'x', marks: undefined })!;
    expect(judgeOf(doc).judge(typed, coordinator, NOW)).toBeUndefined();
    expect(checkUpdate(doc, typed, coordinator, NOW)).toBeNull();
  });

  it('an update listing a client twice is left to the general check (Yjs applies only its last group)', () => {
    const doc = prosemirrorToYDoc(schema.node('doc', null, [schema.node('paragraph', null, [schema.text('hello world')])]), 'prosemirror');
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
    const updates: Uint8Array[] = [];
    client.on('update', (u: Uint8Array) => updates.push(u));
    texts(client)[0].insert(0, 'X');
    texts(client)[0].insert(6, 'Y');
    // each update is [1 client][its group][0 deletions]: one update of both groups, the client twice
    const [a, b] = updates;
    const twice = new Uint8Array([2, ...a.slice(1, -1), ...b.slice(1, -1), 0]);
    expect(Y.decodeUpdate(twice).structs).toHaveLength(2);
    expect(judgeOf(doc).judge(twice, coordinator, NOW)).toBeUndefined();
    expect(checkUpdate(doc, twice, coordinator, NOW)).toMatch(/depends on changes/);
  });

  it('an update that depends on changes the server does not have is left to the general check', () => {
    const doc = server();
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
    const updates: Uint8Array[] = [];
    client.on('update', (u: Uint8Array) => updates.push(u));
    texts(client)[0].insert(0, 'a');
    texts(client)[0].insert(1, 'b');
    expect(judgeOf(doc).judge(updates[1], coordinator, NOW)).toBeUndefined();
    expect(checkUpdate(doc, updates[1], coordinator, NOW)).toMatch(/depends on changes/);
  });

  it('typing after her own insertion is hers; inside formatting planted around nothing, it is judged in full', () => {
    const doc = server();
    const hers = texts(doc).findIndex((t) => t.toDelta().some((op: { attributes?: { insertion?: { author: string } } }) => op.attributes?.insertion?.author === alice.id));
    const text = texts(doc)[hers];
    const delta = text.toDelta() as { insert: string; attributes?: { insertion?: { author: string } } }[];
    let offset = 0;
    for (const op of delta) { if (op.attributes?.insertion?.author === alice.id) { offset += 2; break; } offset += op.insert.length; }
    const typed = updateOf(Y.encodeStateAsUpdate(doc), { kind: 'type', at: hers, offset, text: 'q', marks: undefined })!;
    expect(judgeOf(doc).judge(typed, drafter, NOW)).toBeNull();
    expect(judgeOf(doc).judge(typed, { ...drafter, userName: 'Alice (renamed)' }, NOW), 'a record must name her as she is now').toBeUndefined();
    // an unknown mark's format items around nothing (as an old stored state may hold them: Yjs
    // cleans such items up only after remote updates), then a string a hostile client placed
    // right after the first (our clients never do): no reading ever saw the mark
    const target = texts(doc)[0];
    const after = target._start!;
    doc.transact((tr: Y.Transaction) => {
      const next = () => Y.createID(doc.clientID, Y.getState(doc.store, doc.clientID));
      const open = new Y.Item(next(), after, after.lastId, after.right, after.right?.id ?? null, target, null, new Y.ContentFormat('evil', {}));
      open.integrate(tr, 0);
      new Y.Item(next(), open, open.lastId, open.right, open.right?.id ?? null, target, null, new Y.ContentFormat('evil', null as unknown as object)).integrate(tr, 0);
    });
    const open = after.right!;
    expect(open.content).toBeInstanceOf(Y.ContentFormat);
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
    let inside: Uint8Array | null = null;
    client.on('update', (u: Uint8Array) => { inside = u; });
    client.transact((tr) => {
      const left = Y.getItem(client.store, open.lastId) as Y.Item;
      const right = Y.getItem(client.store, open.right!.id) as Y.Item;
      const id = Y.createID(client.clientID, Y.getState(client.store, client.clientID));
      new Y.Item(id, left, open.lastId, right, open.right!.id, left.parent, null, new Y.ContentString('x')).integrate(tr, 0);
    });
    const seen = new Y.Doc();
    Y.applyUpdate(seen, Y.encodeStateAsUpdate(doc));
    Y.applyUpdate(seen, inside!);
    expect((texts(seen)[0].toDelta() as { insert: string; attributes?: object }[]).find((op) => op.insert === 'x')?.attributes).toMatchObject({ evil: {} });
    expect(judgeOf(doc).judge(inside!, coordinator, NOW)).toBeUndefined();
    expect(checkUpdate(doc, inside!, coordinator, NOW)).toMatch(/unknown mark "evil"/);
  });
});


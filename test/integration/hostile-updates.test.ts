// Hostile clients on the collaboration socket (issue 12): raw Yjs updates sent by hand over
// y-protocols (raw-client.ts) by a drafter, an observer and a coordinator, against a real server.
// Every attack is refused whole with a reason (permission denied), and a watcher (a stock
// WebsocketProvider of an observer) never sees the forbidden state; after a restart the store
// holds none of it either. Repeated refusals close the connection with 1008.
import { EditorState, type Transaction } from 'prosemirror-state';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { updateYFragment, yXmlFragmentToProsemirrorJSON } from 'y-prosemirror';
import { createThread, readThreads, reply, setResolved } from '../../shared/comments';
import { schema, type BlockRevision } from '../../shared/schema';
import { suggestChanges } from '../../shared/track';
import { strictDoc } from '../../server/collab/strict-doc';
import { api, connectClient, contentOf, onServer, signIn, synced, tempDataDir, testServer, waitFor, type Client, type Session } from './helpers';
import { RawClient } from './raw-client';

const data = tempDataDir();
let server: Awaited<ReturnType<typeof testServer>>;
let coordinator: Session, drafter: Session, observer: Session;
const clients: Client[] = [];
const raws: RawClient[] = [];
let docId: string;
let chair: Client, watcher: Client;
/** Predicates of forbidden states, checked again on the store after a restart. */
const forbidden: [string, (doc: Y.Doc) => boolean][] = [];

const person = (s: Session) => ({ id: s.user.id, name: s.user.name });
const COORDINATOR_RECORD = 'coordinator-record';

function client(as: Session, id: string): Client {
  const c = connectClient(as, id);
  clients.push(c);
  return c;
}

async function raw(as: Session): Promise<RawClient> {
  const r = await RawClient.open(as, docId);
  raws.push(r);
  return r;
}

const text = (t: string) => ({ type: 'text', text: t });
const CONTENT = {
  type: 'doc',
  content: [
    { type: 'paragraph', content: [text('Proposals of the group EVIL-FREE')] },
    {
      type: 'proposal', attrs: { action: 'MOD', ref: 'EUR/1/1' },
      content: [
        { type: 'paragraph', content: [text('Intro of the proposal')] },
        { type: 'item', attrs: { level: 0, track: null }, content: [text('a)\tFirst item text')] },
        { type: 'item', content: [text('b)\tSecond item text')] },
        { type: 'reasons', content: [text('Reasons:\tBecause')] },
      ],
    },
    { type: 'heading', attrs: { level: 1 }, content: [text('A heading')] },
    {
      type: 'table', content: [{
        type: 'table_row', content: [
          { type: 'table_cell', content: [{ type: 'paragraph', content: [text('cell one')] }] },
          { type: 'table_cell', content: [{ type: 'paragraph', content: [text('cell two')] }] },
        ],
      }],
    },
  ],
};

/** The coordinator's suggested paragraph-mark deletion on the second item (another's block record). */
function withCoordinatorRecord(content: typeof CONTENT, who: Session) {
  const copy = JSON.parse(JSON.stringify(content));
  copy.content[1].content[2].attrs = {
    level: 0,
    track: [{ id: COORDINATOR_RECORD, author: who.user.id, authorName: who.user.name, time: Date.now(), status: 'suggested', kind: 'deletion' }],
  };
  return copy;
}

/** The ProseMirror document of a Y.Doc (y-prosemirror's lenient reading, on a copy). */
function pmOf(doc: Y.Doc) {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return schema.nodeFromJSON(yXmlFragmentToProsemirrorJSON(copy.getXmlFragment('prosemirror')));
}

/** A ProseMirror edit of `copy` (tracked as `trackAs`, or plain), written as y-prosemirror does. */
function pmEdit(copy: Y.Doc, trackAs: Session | null, change: (state: EditorState) => Transaction): void {
  const fragment = copy.getXmlFragment('prosemirror');
  const state = EditorState.create({ doc: pmOf(copy), plugins: trackAs ? [suggestChanges(person(trackAs))] : [] });
  updateYFragment(copy, fragment, state.applyTransaction(change(state)).state.doc, { mapping: new Map(), isOMark: new Map() });
}

/** Where `phrase` starts in the document. */
function posOf(state: EditorState, phrase: string): number {
  let found = -1;
  state.doc.descendants((node, pos) => {
    if (found < 0 && node.isText && node.text!.includes(phrase)) found = pos + node.text!.indexOf(phrase);
    return found < 0;
  });
  if (found < 0) throw new Error(`no "${phrase}"`);
  return found;
}

/** Position of the `index`th node named `name`. */
function nodePos(state: EditorState, name: string, index = 0): number {
  let found = -1, seen = 0;
  state.doc.descendants((node, pos) => {
    if (found < 0 && node.type.name === name && seen++ === index) found = pos;
    return found < 0;
  });
  if (found < 0) throw new Error(`no ${name} #${index}`);
  return found;
}

const elements = (doc: Y.Doc, name: string): Y.XmlElement[] =>
  Array.from(doc.getXmlFragment('prosemirror').createTreeWalker((t) => t instanceof Y.XmlElement && t.nodeName === name)) as Y.XmlElement[];
const firstText = (doc: Y.Doc, name: string): Y.XmlText => elements(doc, name)[0].get(0) as Y.XmlText;

let markers = 0;
/** Waits until a marker thread the coordinator starts reaches the watcher: all sent before has been handled and relayed. */
async function settle(): Promise<void> {
  const marker = `marker ${++markers}`;
  createThread(chair.doc, { anchor: { changeId: 'none', quote: marker }, author: person(coordinator), text: marker });
  await waitFor(() => readThreads(watcher.doc).some((t) => t.messages[0]?.text === marker), [[watcher.doc, 'update']], marker);
}

const isInvalid = (doc: Y.Doc): boolean => {
  try {
    strictDoc(doc.getXmlFragment('prosemirror'));
    return false;
  } catch {
    return true;
  }
};

/**
 * Sends `mutate` as one update from a new raw connection of `as`; expects it refused with a
 * reason matching `reason`, and the watcher's content and comments unchanged.
 */
async function refused(as: Session, what: string, mutate: (copy: Y.Doc) => void, reason: RegExp, isForbidden?: (doc: Y.Doc) => boolean, clientID?: number): Promise<void> {
  const attacker = await raw(as);
  const content = contentOf(watcher.doc);
  const comments = JSON.stringify(watcher.doc.getMap('comments').toJSON());
  const reasons = await attacker.attack(mutate, clientID);
  expect(reasons, what).toEqual([expect.stringMatching(reason)]);
  await settle();
  expect(contentOf(watcher.doc), what).toBe(content);
  const threadsNow = watcher.doc.getMap('comments').toJSON() as Record<string, { messages: { text: string }[] }>;
  const withoutMarkers = Object.fromEntries(Object.entries(threadsNow).filter(([, t]) => !t.messages?.[0]?.text?.startsWith('marker ')));
  const before = Object.fromEntries(Object.entries(JSON.parse(comments) as Record<string, { messages: { text: string }[] }>).filter(([, t]) => !t.messages?.[0]?.text?.startsWith('marker ')));
  expect(withoutMarkers, what).toEqual(before);
  expect(isInvalid(watcher.doc), what).toBe(false);
  if (isForbidden) {
    expect(isForbidden(watcher.doc), what).toBe(false);
    forbidden.push([what, isForbidden]);
  }
  attacker.close();
}

beforeAll(async () => {
  server = await testServer(data.dir);
  [coordinator, drafter, observer] = await Promise.all(['coordinator', 'drafter', 'observer'].map((n) => signIn(server, n)));
  const res = await api(coordinator, 'POST', '/api/documents', { title: 'Hostile', group: 'EUR', content: withCoordinatorRecord(CONTENT, coordinator) });
  expect(res.status).toBe(201);
  docId = res.body.document.id;
  chair = client(coordinator, docId);
  watcher = client(observer, docId);
  await Promise.all([synced(chair), synced(watcher)]);
});

afterAll(async () => {
  for (const r of raws) r.close();
  for (const c of clients) c.destroy();
  await server.close();
  data.remove();
});

describe('updates that leave an invalid document, from any role', () => {
  const hasEvil = (doc: Y.Doc) => /EVIL(?!-FREE)/.test(contentOf(doc));
  for (const role of ['drafter', 'coordinator'] as const) {
    const as = () => (role === 'drafter' ? drafter : coordinator);
    it(`are refused from a ${role}: raw strings, Y.Text, Y.Map, embeds, unknown nodes, marks and attributes`, async () => {
      await refused(as(), 'a raw string in a paragraph', (d) => elements(d, 'paragraph')[0].insert(0, ['EVIL' as never]), /^invalid document: .*raw string/, hasEvil);
      await refused(as(), 'a Y.Text in a paragraph', (d) => elements(d, 'paragraph')[0].insert(0, [new Y.Text('EVIL') as never]), /^invalid document: .*Y\.Text/, hasEvil);
      await refused(as(), 'Y.Text items under the root name', (d) => {
        const evil = new Y.Doc();
        evil.getText('prosemirror').insert(0, 'EVIL');
        Y.applyUpdate(d, Y.encodeStateAsUpdate(evil));
      }, /^invalid document: .*raw string/, hasEvil);
      await refused(as(), 'a Y.Map in a paragraph', (d) => elements(d, 'paragraph')[0].insert(0, [new Y.Map() as never]), /^invalid document: .*Y\.Map/);
      await refused(as(), 'an unknown mark', (d) => firstText(d, 'paragraph').format(0, 3, { evilmark: {} }), /^invalid document: .*unknown mark "evilmark"/,
        (doc) => contentOf(doc).includes('evilmark'));
      await refused(as(), 'a mark as true', (d) => firstText(d, 'paragraph').format(0, 3, { strong: true }), /^invalid document: .*mark strong holds/);
      await refused(as(), 'an onclick attribute', (d) => elements(d, 'paragraph')[0].setAttribute('onclick', 'alert(1)'), /^invalid document: .*unknown attribute "onclick"/,
        (doc) => contentOf(doc).includes('onclick'));
      await refused(as(), 'an embedded object', (d) => firstText(d, 'paragraph').insertEmbed(2, { image: 'x' }), /^invalid document: .*embedded in text/);
      await refused(as(), 'an unknown node type', (d) => d.getXmlFragment('prosemirror').insert(0, [new Y.XmlElement('script')]), /^invalid document: .*unknown node type "script"/,
        (doc) => contentOf(doc).includes('<script'));
      await refused(as(), 'an item at the top level', (d) => d.getXmlFragment('prosemirror').insert(0, [new Y.XmlElement('item')]), /^invalid document: the document: Invalid content/);
      await refused(as(), 'a level of the wrong kind', (d) => elements(d, 'heading')[0].setAttribute('level', '1; evil' as never), /^invalid document: .*level: expected a finite number/);
      await refused(as(), 'a colspan of the wrong kind', (d) => elements(d, 'table_cell')[0].setAttribute('colspan', { n: 2 } as never), /^invalid document: .*colspan/);
      await refused(as(), 'a revision time past what a date holds (every client formats it)', (d) => firstText(d, 'paragraph').insert(0, 'EVIL ', {
        insertion: { id: 'far-future', author: as().user.id, authorName: as().user.name, time: 1e300, status: 'suggested' },
      }), /^invalid document: .*not a time a date can hold/, hasEvil);
      await refused(as(), 'a track record with unknown keys', (d) => elements(d, 'item')[0].setAttribute('track', [{ evil: 1 }] as never), /^invalid document: .*track record/);
    });
  }
});

describe('deep nesting', () => {
  it('elements nested 3000 deep are refused with a reason, from any role, and the guard keeps judging the next updates', async () => {
    const nest = (d: Y.Doc) => {
      let el = new Y.XmlElement('paragraph');
      d.getXmlFragment('prosemirror').insert(0, [el]);
      for (let i = 0; i < 3000; i++) {
        const inner = new Y.XmlElement('paragraph');
        el.insert(0, [inner]);
        el = inner;
      }
      el.insert(0, [new Y.XmlText('EVIL')]);
    };
    for (const as of [drafter, coordinator]) await refused(as, 'nested 3000 deep', nest, /^invalid document: .*nested deeper than/, (doc) => /EVIL(?!-FREE)/.test(contentOf(doc)));
    // the next updates are judged as usual: a drafter's tracked insertion passes, and everyone sees it
    const author = await raw(drafter);
    expect(await author.attack((d) => pmEdit(d, drafter, (st) => st.tr.insertText('After the nesting ', posOf(st, 'Intro'))))).toEqual([]);
    await waitFor(() => contentOf(watcher.doc).includes('After the nesting'), [[watcher.doc, 'update']], 'the insertion after the nesting');
    expect(await author.attack((d) => pmEdit(d, drafter, (st) => {
      const at = posOf(st, 'After the nesting ');
      return st.tr.delete(at, at + 'After the nesting '.length);
    }))).toEqual([]);
    author.close();
  });
});

describe('root types', () => {
  it('refuses a new root and any client write to `users`, from every role', async () => {
    for (const as of [drafter, coordinator, observer]) {
      await refused(as, 'a new root map', (d) => d.getMap('anything').set('x', 'EVIL'), /^unknown root type "anything"/, (doc) => doc.share.has('anything'));
      await refused(as, 'a write to users', (d) => d.getMap('users').set(as.user.id, 'EVIL'), /^the root "users" is written by the server only/,
        (doc) => JSON.stringify(doc.getMap('users').toJSON()).includes('EVIL')); // the server's own attribution records are there
      await refused(as, 'list content in the comments map', (d) => d.getArray('comments').insert(0, ['EVIL']), /^the root "comments" is a map/);
      await refused(as, 'attributes on the fragment', (d) => d.getMap('prosemirror').set('evil', 'EVIL'), /^the root "prosemirror" cannot hold attributes/);
    }
  });
});

describe('a drafter\'s untracked changes', () => {
  it('are refused: moves, joins, element replacements, attribute changes, formatting', async () => {
    const untracked = /^drafters edit in track mode only/;
    const edit = (change: (state: EditorState) => Transaction) => (d: Y.Doc) => pmEdit(d, null, change);
    await refused(drafter, 'text moved from one item to another', edit((s) => {
      const from = posOf(s, 'First'), slice = s.doc.slice(from, from + 5);
      const tr = s.tr.delete(from, from + 5);
      const to = tr.mapping.map(posOf(s, 'Second'));
      return tr.replace(to, to, slice);
    }), untracked);
    await refused(drafter, 'two items joined', edit((s) => s.tr.join(nodePos(s, 'item', 1))), untracked);
    await refused(drafter, 'a proposal replaced by a SUP copy', (d) => {
      const fragment = d.getXmlFragment('prosemirror');
      const old = elements(d, 'proposal')[0];
      const copy = old.clone();
      copy.setAttribute('action', 'SUP');
      copy.setAttribute('ref', 'EUR/999');
      const index = fragment.toArray().indexOf(old);
      fragment.delete(index, 1);
      fragment.insert(index, [copy]);
    }, untracked, (doc) => contentOf(doc).includes('EUR/999'));
    await refused(drafter, 'paragraph -> heading', edit((s) => s.tr.setNodeMarkup(nodePos(s, 'paragraph'), schema.nodes.heading, { level: 1 })), untracked);
    await refused(drafter, 'an item\'s level', (d) => elements(d, 'item')[0].setAttribute('level', 2 as never), untracked);
    await refused(drafter, 'reasons -> paragraph by element replacement', edit((s) => s.tr.setNodeMarkup(nodePos(s, 'reasons'), schema.nodes.paragraph)), untracked);
    await refused(drafter, 'a table cell\'s colspan', (d) => elements(d, 'table_cell')[0].setAttribute('colspan', 2 as never), untracked);
    await refused(drafter, 'bold', edit((s) => s.tr.addMark(posOf(s, 'Intro'), posOf(s, 'Intro') + 5, schema.marks.strong.create())), untracked);
    await refused(drafter, 'italic', edit((s) => s.tr.addMark(posOf(s, 'Intro'), posOf(s, 'Intro') + 5, schema.marks.em.create())), untracked);
    await refused(drafter, 'an untracked insertion', edit((s) => s.tr.insertText('EVIL', posOf(s, 'Intro'))), untracked, (doc) => /EVIL(?!-FREE)/.test(contentOf(doc)));
  });

  it('refuses removing another author\'s block record in two steps (the first, a tracked change, passes)', async () => {
    const attacker = await raw(drafter);
    const now = Date.now();
    const own: BlockRevision = { id: 'own-record', author: drafter.user.id, authorName: drafter.user.name, time: now, status: 'suggested', kind: 'attribute', old: { level: 0 } };
    const step1 = await attacker.attack((d) => {
      const item = elements(d, 'item')[1];
      item.setAttribute('level', 1 as never);
      item.setAttribute('track', [...(item.getAttribute('track') as unknown as BlockRevision[]), own] as never);
    });
    expect(step1).toEqual([]);
    await settle();
    const records = () => (pmOf(watcher.doc).child(1).child(2).attrs.track ?? []) as BlockRevision[];
    expect(records().map((r) => r.id)).toEqual([COORDINATOR_RECORD, 'own-record']);
    attacker.close();
    await refused(drafter, 'the track attr emptied', (d) => elements(d, 'item')[1].setAttribute('track', [] as never), /^drafters edit in track mode only/,
      (doc) => !JSON.stringify(pmOf(doc).toJSON()).includes(COORDINATOR_RECORD));
    await refused(drafter, 'another\'s record set to agreed', (d) => {
      const item = elements(d, 'item')[1];
      item.setAttribute('track', (item.getAttribute('track') as unknown as BlockRevision[]).map((r) => ({ ...r, status: 'agreed' })) as never);
    }, /^drafters edit in track mode only/);
  });

  it('refuses revision records that do not name her truthfully', async () => {
    const mark = (attrs: Partial<BlockRevision>) => (d: Y.Doc) => {
      const t = firstText(d, 'paragraph');
      t.insert(0, 'EVIL ', { insertion: { id: `forged-${Math.random()}`, author: drafter.user.id, authorName: drafter.user.name, time: Date.now(), status: 'suggested', ...attrs } });
    };
    const hasForged = (doc: Y.Doc) => /EVIL(?!-FREE)/.test(contentOf(doc));
    await refused(drafter, 'an insertion claiming authorName coordinator', mark({ authorName: 'coordinator' }), /must name the drafter/, hasForged);
    await refused(drafter, 'HTML in the author name', mark({ authorName: '<img src=x onerror=alert(1)>' }), /must name the drafter/, hasForged);
    await refused(drafter, 'an insertion in the coordinator\'s name', mark({ author: coordinator.user.id, authorName: coordinator.user.name }), /^drafters edit in track mode only/, hasForged);
    await refused(drafter, 'time 1e15', mark({ time: 1e15 }), /not be later than a minute/, hasForged);
    await refused(drafter, 'time 0', mark({ time: 0 }), /not be before 2000/, hasForged);
    // an edit made offline an hour ago is hers and kept
    const offline = await raw(drafter);
    expect(await offline.attack((d) => firstText(d, 'paragraph').insert(0, 'OFFLINE ', { insertion: { id: 'offline-hour', author: drafter.user.id, authorName: drafter.user.name, time: Date.now() - 3_600_000, status: 'suggested' } }))).toEqual([]);
    offline.close();
    await settle();
    expect(contentOf(watcher.doc)).toContain('OFFLINE ');
    // a formatting record of hers that keeps inside it (`prior`) a record the document never held
    await refused(drafter, 'a format change hiding a forged record of the coordinator', (d) => {
      const own = { id: `fmt-${Math.random()}`, author: drafter.user.id, authorName: drafter.user.name, time: Date.now(), status: 'suggested' };
      const forged = { id: 'forged-prior', author: coordinator.user.id, authorName: coordinator.user.name, time: Date.now(), status: 'agreed', before: [{ type: 'em' }], prior: null };
      firstText(d, 'paragraph').format(0, 5, { strong: {}, formatChange: { ...own, before: [], prior: forged } });
    }, /track mode only|must name the drafter/, (doc) => contentOf(doc).includes('forged-prior'));
    await refused(drafter, 'a block record in another\'s name', (d) => {
      const heading = elements(d, 'heading')[0];
      heading.setAttribute('level', 2 as never);
      heading.setAttribute('track', [{ id: 'x', author: coordinator.user.id, authorName: coordinator.user.name, time: Date.now(), status: 'suggested', kind: 'attribute', old: { level: 1 } }] as never);
    }, /track mode only|must name the drafter/);
    // the same insertion, truthful, passes
    const attacker = await raw(drafter);
    expect(await attacker.attack((d) => {
      firstText(d, 'paragraph').insert(0, 'Fair ', { insertion: { id: 'fair-1', author: drafter.user.id, authorName: drafter.user.name, time: Date.now(), status: 'suggested' } });
    })).toEqual([]);
    await settle();
    expect(contentOf(watcher.doc)).toContain('Fair ');
    attacker.close();
  });
});

describe('observers', () => {
  it('change nothing in the text, tracked or not', async () => {
    await refused(observer, 'a tracked insertion', (d) => pmEdit(d, observer, (s) => s.tr.insertText('EVIL', posOf(s, 'Intro'))), /^observers cannot change the text/,
      (doc) => /EVIL(?!-FREE)/.test(contentOf(doc)));
    await refused(observer, 'an attribute', (d) => elements(d, 'heading')[0].setAttribute('level', 2 as never), /^observers cannot change the text/);
  });
});

describe('comments', () => {
  let threadId: string;
  beforeAll(async () => {
    threadId = createThread(chair.doc, { anchor: { changeId: 'c', quote: 'q' }, author: person(coordinator), text: 'The coordinator asks' });
    await waitFor(() => readThreads(watcher.doc).some((t) => t.id === threadId), [[watcher.doc, 'update']], 'the thread');
  });
  const threadOf = (doc: Y.Doc) => readThreads(doc).find((t) => t.id === threadId)!;

  it('are written only in one\'s own name, and others\' are neither rewritten, deleted nor resolved', async () => {
    for (const as of [drafter, observer]) {
      await refused(as, 'a thread as the coordinator', (d) => {
        createThread(d, { anchor: { changeId: 'c', quote: 'q' }, author: person(coordinator), text: 'FORGED thread' });
      }, /in your own name/, (doc) => readThreads(doc).some((t) => t.messages.some((m) => m.text === 'FORGED thread')));
      await refused(as, 'a reply as the coordinator', (d) => { reply(d, threadId, person(coordinator), 'FORGED reply'); }, /in your own name/,
        (doc) => threadOf(doc).messages.some((m) => m.text === 'FORGED reply'));
      await refused(as, 'her message rewritten', (d) => {
        const messages = (d.getMap('comments').get(threadId) as Y.Map<unknown>).get('messages') as Y.Array<Record<string, unknown>>;
        const first = messages.get(0);
        d.transact(() => { messages.delete(0, 1); messages.insert(0, [{ ...first, text: 'REWRITTEN' }]); });
      }, /your own comments/, (doc) => threadOf(doc).messages[0].text !== 'The coordinator asks');
      await refused(as, 'her message deleted', (d) => {
        ((d.getMap('comments').get(threadId) as Y.Map<unknown>).get('messages') as Y.Array<unknown>).delete(0, 1);
      }, /your own comments/, (doc) => threadOf(doc).messages.length === 0);
      await refused(as, 'her thread deleted', (d) => { d.getMap('comments').delete(threadId); }, /only a thread's author/, (doc) => !threadOf(doc));
      await refused(as, 'her thread resolved', (d) => setResolved(d, threadId, person(as), true), /author or a coordinator/, (doc) => threadOf(doc).resolved);
      await refused(as, 'a thread with an unknown field', (d) => {
        createThread(d, { anchor: { changeId: 'c', quote: 'q' }, author: person(as), text: 'mine' });
        for (const t of d.getMap('comments').values()) if ((t as Y.Map<unknown>).get('author') && !(t as Y.Map<unknown>).has('evil')) (t as Y.Map<unknown>).set('evil', 1);
      }, /unknown field "evil"/);
    }
    // their own, in their own name, pass; and the coordinator resolves anyone's thread
    const mine = await raw(drafter);
    expect(await mine.attack((d) => { reply(d, threadId, person(drafter), 'A fair reply'); })).toEqual([]);
    await settle();
    expect(threadOf(watcher.doc).messages.map((m) => m.text)).toEqual(['The coordinator asks', 'A fair reply']);
    expect(await mine.attack((d) => {
      const messages = (d.getMap('comments').get(threadId) as Y.Map<unknown>).get('messages') as Y.Array<Record<string, unknown>>;
      const own = messages.get(1);
      d.transact(() => { messages.delete(1, 1); messages.insert(1, [{ ...own, text: 'A fair reply, edited' }]); });
    })).toEqual([]);
    mine.close();
  });

  it('are dated by the server\'s clock: a new thread or message from the future or before 2000 is refused', async () => {
    const day = 24 * 3600_000;
    for (const [what, when] of [['a thread dated 1e300', 1e300], ['a thread dated next week', Date.now() + 7 * day], ['a thread dated 1970', 0]] as const) {
      await refused(drafter, what, (d) => { createThread(d, { anchor: { changeId: 'c', quote: 'q' }, author: person(drafter), text: `DATED ${what}`, now: when }); },
        /time/, (doc) => readThreads(doc).some((t) => t.messages.some((m) => m.text === `DATED ${what}`)));
    }
    await refused(observer, 'a reply dated 1e16 (past what a Date can hold)', (d) => { reply(d, threadId, person(observer), 'DATED reply', [], 1e16); }, /time/,
      (doc) => threadOf(doc).messages.some((m) => m.text === 'DATED reply'));
    // a comment written offline yesterday is kept
    const offline = await raw(drafter);
    expect(await offline.attack((d) => {
      createThread(d, { anchor: { changeId: 'c', quote: 'q' }, author: person(drafter), text: 'Written offline', now: Date.now() - day });
    })).toEqual([]);
    offline.close();
  });

  it('are limited in size per message and per document', async () => {
    const big = 'x'.repeat(10_001);
    await refused(drafter, 'a message too long', (d) => { reply(d, threadId, person(drafter), 'ok'); patchLastText(d, big); }, /longer than 10000/);
    const attacker = await raw(drafter);
    let reasons: string[] = [];
    const start = Date.now();
    for (let i = 0; i < 5 && !reasons.length; i++) {
      reasons = await attacker.attack((d) => {
        for (let n = 0; n < 60; n++) createThread(d, { anchor: { changeId: 'c', quote: 'q' }, author: person(drafter), text: 'y'.repeat(9_999) });
      });
    }
    expect(reasons).toEqual([expect.stringMatching(/comments would exceed/)]);
    expect(Date.now() - start).toBeLessThan(10_000);
    attacker.close();
  });
});

/** Sets the text of the last message of the thread just replied to (bypassing the model's own length check). */
function patchLastText(d: Y.Doc, value: string): void {
  for (const t of d.getMap('comments').values()) {
    const messages = (t as Y.Map<unknown>).get('messages') as Y.Array<Record<string, unknown>>;
    const last = messages.get(messages.length - 1);
    if (last?.text === 'ok') d.transact(() => { messages.delete(messages.length - 1, 1); messages.push([{ ...last, text: value }]); });
  }
}

describe('content under another user\'s Yjs client id', () => {
  // It would take the clocks the owner's own edits carry (her offline edits, say): Yjs would then
  // drop hers as already known, and what was written would be credited to her.
  it('is refused from every role, on the general check and on typing\'s, and the owner\'s own edits still land', async () => {
    await settle(); // the chair's marker threads: her client id is hers
    const squat = (who: Session) => (d: Y.Doc) => createThread(d, { anchor: { changeId: 'none', quote: 'x' }, author: person(who), text: 'SQUATTING' });
    const squatted = (doc: Y.Doc) => JSON.stringify(doc.getMap('comments').toJSON()).includes('SQUATTING');
    await refused(drafter, 'a drafter\'s thread under the coordinator\'s client id', squat(drafter), /belongs to another user/, squatted, chair.doc.clientID);
    await refused(observer, 'an observer\'s thread under the coordinator\'s client id', squat(observer), /belongs to another user/, squatted, chair.doc.clientID);
    // the watcher (an observer) comments: her client id is hers; a coordinator's typing under it is refused by the typing judge
    createThread(watcher.doc, { anchor: { changeId: 'none', quote: 'x' }, author: person(observer), text: 'the watcher\'s own thread' });
    await waitFor(() => readThreads(chair.doc).some((t) => t.messages[0]?.text === 'the watcher\'s own thread'), [[chair.doc, 'update']], 'the watcher\'s thread');
    await refused(coordinator, 'typing under the observer\'s client id', (d) => firstText(d, 'paragraph').insert(0, 'SQUAT '), /belongs to another user/,
      (doc) => contentOf(doc).includes('SQUAT '), watcher.doc.clientID);
    // the owners' own edits go on landing
    firstText(chair.doc, 'paragraph').insert(0, 'Still mine. ');
    await waitFor(() => contentOf(watcher.doc).includes('Still mine. '), [[watcher.doc, 'update']], 'the chair\'s edit');
  });

  it('is refused under an id a user only announced in her awareness so far (the presence list shows it to everyone)', async () => {
    const reader = client(drafter, docId);
    await synced(reader);
    reader.provider.awareness.setLocalStateField('user', { id: drafter.user.id, name: drafter.user.name });
    await waitFor(() => watcher.provider.awareness.getStates().has(reader.doc.clientID), [[watcher.provider.awareness, 'change']], 'her presence');
    await refused(observer, 'an observer\'s thread under an id announced in another\'s awareness', (d) => createThread(d, { anchor: { changeId: 'none', quote: 'x' }, author: person(observer), text: 'PRECLAIMED' }),
      /belongs to another user/, (doc) => JSON.stringify(doc.getMap('comments').toJSON()).includes('PRECLAIMED'), reader.doc.clientID);
  });
});

describe('refusal', () => {
  it('is logged once with the user and the reason, and repeated refusals close the connection (1008)', async () => {
    const attacker = await raw(drafter);
    const lines = server.logs.length;
    const reasons: string[] = [];
    for (let i = 0; i < 5; i++) reasons.push(...await attacker.attack((d) => d.getMap('anything').set('n', i)));
    expect(reasons.length).toBeGreaterThanOrEqual(4);
    const refusalLines = server.logs.slice(lines).filter((l) => l.includes('refused an update'));
    expect(refusalLines.length).toBe(reasons.length);
    expect(refusalLines[0]).toContain(`"${drafter.user.name}" (${drafter.user.id}, drafter)`);
    expect(refusalLines[0]).toContain('unknown root type "anything"');
    expect(await attacker.closed).toEqual({ code: 1008, reason: 'too many refused updates' });
  });
});

describe('after a restart', () => {
  it('the store holds none of the forbidden states, and the document reads and exports', async () => {
    const content = contentOf(watcher.doc);
    for (const c of clients) c.destroy();
    clients.length = 0;
    await server.close();
    server = await testServer(data.dir);
    const fresh = client(onServer(observer, server), docId);
    await synced(fresh);
    expect(contentOf(fresh.doc)).toBe(content);
    expect(isInvalid(fresh.doc)).toBe(false);
    expect(forbidden.length).toBeGreaterThan(20);
    for (const [what, isForbidden] of forbidden) expect(isForbidden(fresh.doc), what).toBe(false);
    const rest = await api(onServer(coordinator, server), 'GET', `/api/documents/${docId}/content`);
    expect(rest.status).toBe(200);
  });
});

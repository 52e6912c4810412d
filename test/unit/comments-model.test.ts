// The comment model on the real Resolution 133 proposal: threads in the Y.Map 'comments', anchors
// as relative positions that follow edits, orphaned threads kept, concurrent replies merged,
// change anchors, mentions and filters, and clear errors on bad input.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EditorState } from 'prosemirror-state';
import { initProseMirrorDoc, prosemirrorToYXmlFragment, updateYFragment } from 'y-prosemirror';
import { review } from '../../shared/track';
import { importDocument } from '../../shared/import';
import { schema } from '../../shared/schema';
import {
  bindDocument, changeAnchor, commentsMap, CommentError, completeMention, createThread, findMentions, locateThreads,
  matchesFilter, mentionCandidates, mentionQuery, newMentions, openMentions, rangeAnchor, readThreads, reply, setResolved, type Person,
} from '../../shared/comments';
import { anchorOn } from '../comments-anchor';

const anna: Person = { id: 'u-anna', name: 'anna.schmidt' };
const boris: Person = { id: 'u-boris', name: 'boris.petrov' };
const PHRASE = 'regional root servers';

async function res133Doc(): Promise<Y.Doc> {
  const text = readFileSync(path.resolve(process.cwd(), '../shared/fixtures/pp18-ecp1-res133-mod.txt'), 'utf8');
  const ydoc = new Y.Doc();
  prosemirrorToYXmlFragment(await importDocument(text, { format: 'text' }), ydoc.getXmlFragment('prosemirror'));
  return ydoc;
}

/** The Y.XmlText holding `phrase` and the phrase's offset in it. */
function textHolding(ydoc: Y.Doc, phrase: string): { text: Y.XmlText; at: number } {
  const walker = ydoc.getXmlFragment('prosemirror').createTreeWalker((t) => t instanceof Y.XmlText);
  for (const node of walker) {
    const text = node as unknown as Y.XmlText;
    const plain = (text.toDelta() as { insert: unknown }[]).map((d) => (typeof d.insert === 'string' ? d.insert : '\ufffc')).join('');
    const at = plain.indexOf(phrase);
    if (at >= 0) return { text, at };
  }
  throw new Error(`"${phrase}" not found`);
}

function located(ydoc: Y.Doc) {
  const bound = bindDocument(ydoc);
  return locateThreads(bound, readThreads(ydoc)).map((l) => ({
    ...l, text: l.orphaned ? null : bound.doc.textBetween(l.from, l.to),
  }));
}

describe('comment threads', () => {
  it('anchor a thread to the selected text and keep its first message', async () => {
    const ydoc = await res133Doc();
    const id = createThread(ydoc, { anchor: anchorOn(ydoc, PHRASE), author: anna, text: 'Is this still needed?', now: 1000 });
    const [only] = located(ydoc);
    expect(only.thread).toMatchObject({ id, author: anna, resolved: false, resolvedBy: null, createdAt: 1000 });
    expect(only.thread.anchor).toMatchObject({ quote: PHRASE });
    expect(only.thread.messages.map((m) => m.text)).toEqual(['Is this still needed?']);
    expect(only.text).toBe(PHRASE);
    expect(commentsMap(ydoc).get(id)).toBeInstanceOf(Y.Map);
  });

  it('follow edits made before and inside the anchored text', async () => {
    const ydoc = await res133Doc();
    createThread(ydoc, { anchor: anchorOn(ydoc, PHRASE), author: anna, text: 'Why regional?' });
    const { text, at } = textHolding(ydoc, PHRASE);
    text.insert(0, 'NEW WORDS BEFORE ');
    expect(located(ydoc)[0].text).toBe(PHRASE);
    text.insert(at + 'NEW WORDS BEFORE '.length + 'regional'.length, ' and national');
    expect(located(ydoc)[0].text).toBe('regional and national root servers');
  });

  it('keep a thread whose text was deleted, reported orphaned', async () => {
    const ydoc = await res133Doc();
    const id = createThread(ydoc, { anchor: anchorOn(ydoc, PHRASE), author: anna, text: 'Why regional?' });
    createThread(ydoc, { anchor: anchorOn(ydoc, 'keyword look-up'), author: boris, text: 'Fine.' });
    const { text, at } = textHolding(ydoc, PHRASE);
    text.delete(at, PHRASE.length);
    const all = located(ydoc);
    expect(all).toHaveLength(2);
    expect(all.map((l) => [l.thread.author.name, l.orphaned])).toEqual([['boris.petrov', false], ['anna.schmidt', true]]);
    expect(all[1].thread).toMatchObject({ id, anchor: { quote: PHRASE } });
  });

  it('merge concurrent replies and resolutions from two replicas', async () => {
    const a = await res133Doc();
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const id = createThread(a, { anchor: anchorOn(a, PHRASE), author: anna, text: 'First', now: 1 });
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    reply(a, id, anna, 'From Anna', [], 2);
    reply(b, id, boris, 'From Boris @anna.schmidt', [anna.id], 3);
    setResolved(b, id, boris, true);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    for (const doc of [a, b]) {
      const [thread] = readThreads(doc);
      expect(thread.messages.map((m) => m.text)).toEqual(['First', 'From Anna', 'From Boris @anna.schmidt']);
      expect(thread.messages[2].mentions).toEqual([anna.id]);
      expect(thread).toMatchObject({ resolved: true, resolvedBy: boris });
    }
    setResolved(a, id, anna, false);
    expect(readThreads(a)[0]).toMatchObject({ resolved: false, resolvedBy: null });
  });

  it('anchor to a tracked change by id, orphaned once the change is gone', () => {
    const ins = schema.marks.insertion.create({ id: 'c1', author: boris.id, authorName: boris.name, time: 5, status: 'suggested' });
    const doc = schema.node('doc', null, [schema.node('paragraph', null, [schema.text('Keep '), schema.text('this text', [ins]), schema.text('.')])]);
    const ydoc = new Y.Doc();
    prosemirrorToYXmlFragment(doc, ydoc.getXmlFragment('prosemirror'));
    const anchor = changeAnchor(bindDocument(ydoc).doc, 'c1');
    expect(anchor).toEqual({ changeId: 'c1', quote: 'this text' });
    createThread(ydoc, { anchor, author: anna, text: 'Agree with this' });
    expect(located(ydoc)[0]).toMatchObject({ orphaned: false, text: 'this text' });
    const { text } = textHolding(ydoc, 'this text');
    text.format(5, 9, { insertion: null }); // accepted into the text: the change id is gone
    expect(located(ydoc)[0]).toMatchObject({ orphaned: true, text: null });
    expect(() => changeAnchor(bindDocument(ydoc).doc, 'c1')).toThrow(CommentError);
  });

  it('orphan a thread on text suggested for deletion once the deletion is accepted, not before', () => {
    const del = schema.marks.deletion.create({ id: 'd1', author: boris.id, authorName: boris.name, time: 5, status: 'suggested' });
    const doc = schema.node('doc', null, [schema.node('paragraph', null, [schema.text('Keep '), schema.text('these words', [del]), schema.text(' here.')])]);
    const ydoc = new Y.Doc();
    const fragment = ydoc.getXmlFragment('prosemirror');
    prosemirrorToYXmlFragment(doc, fragment);
    createThread(ydoc, { anchor: anchorOn(ydoc, 'these words'), author: anna, text: 'Really delete?' });
    expect(located(ydoc)[0]).toMatchObject({ orphaned: false, text: 'these words' });
    // Agreeing keeps the text (struck through): the thread stays anchored.
    const apply = (action: 'agree' | 'accept') => {
      const { doc: current, meta } = initProseMirrorDoc(fragment, schema);
      const next = review(EditorState.create({ schema, doc: current }), ['d1'], action).doc;
      ydoc.transact(() => updateYFragment(ydoc, fragment, next, meta));
    };
    apply('agree');
    expect(located(ydoc)[0]).toMatchObject({ orphaned: false, text: 'these words' });
    apply('accept');
    expect(bindDocument(ydoc).doc.textContent).toBe('Keep  here.');
    expect(located(ydoc)).toMatchObject([{ orphaned: true, thread: { anchor: { quote: 'these words' } } }]);
  });

  it('refuse bad input with a CommentError and skip malformed entries', async () => {
    const ydoc = await res133Doc();
    const bound = bindDocument(ydoc);
    expect(() => rangeAnchor(bound, 10, 10)).toThrow('select the text');
    expect(() => rangeAnchor(bound, 1, bound.doc.content.size + 5)).toThrow(CommentError);
    const anchor = anchorOn(ydoc, PHRASE);
    expect(() => createThread(ydoc, { anchor, author: anna, text: '   ' })).toThrow('needs some text');
    expect(() => createThread(ydoc, { anchor, author: { id: '', name: 'x' }, text: 'hi' })).toThrow('author');
    expect(() => reply(ydoc, 'nope', anna, 'hi')).toThrow('no comment thread nope');
    commentsMap(ydoc).set('junk', new Y.Map());
    createThread(ydoc, { anchor: { from: 'not base64!', to: '###', quote: 'q' }, author: anna, text: 'broken anchor' });
    const all = located(ydoc);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ orphaned: true });
  });
});

describe('mentions and filters', () => {
  const members = [anna, boris, { id: 'u-olga', name: 'olga.berg' }];

  it('find the members a message mentions, once each', () => {
    expect(findMentions('@boris.petrov and @Anna.Schmidt, see @boris.petrov. Not me@olga.berg', members)).toEqual([boris, anna]);
    expect(findMentions('Ask @nobody', members)).toEqual([]);
  });

  it('complete a partial mention at the caret', () => {
    const text = 'Thanks @bo';
    const query = mentionQuery(text, text.length)!;
    expect(query).toEqual({ start: 7, query: 'bo' });
    expect(mentionCandidates(members, query.query)).toEqual([boris]);
    expect(mentionCandidates(members, 'o')).toEqual([members[2], boris]);
    expect(completeMention(text, query.start, text.length, boris)).toEqual({ text: 'Thanks @boris.petrov ', caret: 21 });
    expect(mentionQuery('mail me@x', 9)).toBeNull();
  });

  it('filter threads: open, resolved, mine, mentioning me', async () => {
    const ydoc = await res133Doc();
    const anchor = anchorOn(ydoc, PHRASE);
    const t1 = createThread(ydoc, { anchor, author: anna, text: 'Mine' });
    const t2 = createThread(ydoc, { anchor, author: boris, text: 'Hey @anna.schmidt', mentions: [anna.id] });
    setResolved(ydoc, t2, anna, true);
    const ids = (filter: Parameters<typeof matchesFilter>[1], user: string) =>
      readThreads(ydoc).filter((t) => matchesFilter(t, filter, user)).map((t) => t.id).sort();
    expect(ids('all', anna.id)).toEqual([t1, t2].sort());
    expect(ids('open', anna.id)).toEqual([t1]);
    expect(ids('resolved', anna.id)).toEqual([t2]);
    expect(ids('mine', anna.id)).toEqual([t1]);
    expect(ids('mine', boris.id)).toEqual([t2]);
    expect(ids('mentions', anna.id)).toEqual([t2]);
    expect(ids('mentions', boris.id)).toEqual([]);
  });

  it('finds the mentions to announce: new, of the user, by someone else; and counts open threads mentioning them', async () => {
    const ydoc = await res133Doc();
    const anchor = anchorOn(ydoc, PHRASE);
    const t1 = createThread(ydoc, { anchor, author: boris, text: 'Hey @anna.schmidt', mentions: [anna.id], now: 1 });
    const seen = new Set(readThreads(ydoc).flatMap((t) => t.messages.map((m) => m.id)));
    expect(newMentions(readThreads(ydoc), anna.id, seen)).toEqual([]);
    reply(ydoc, t1, anna, 'Me @anna.schmidt?', [anna.id], 2);
    reply(ydoc, t1, boris, 'Yes, @anna.schmidt', [anna.id], 3);
    const found = newMentions(readThreads(ydoc), anna.id, seen);
    expect(found.map((m) => [m.thread.id, m.message.text])).toEqual([[t1, 'Yes, @anna.schmidt']]);
    expect(newMentions(readThreads(ydoc), boris.id, seen)).toEqual([]);
    expect(openMentions(readThreads(ydoc), anna.id)).toBe(1);
    // only what was written since the page opened, and nothing of a resolved thread
    expect(newMentions(readThreads(ydoc), anna.id, seen, 4)).toEqual([]);
    setResolved(ydoc, t1, anna, true);
    expect(openMentions(readThreads(ydoc), anna.id)).toBe(0);
    expect(newMentions(readThreads(ydoc), anna.id, seen)).toEqual([]);
  });
});

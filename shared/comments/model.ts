// The comment model: threads kept in the document's Y.Map 'comments' (so they sync live and offline
// with the text), one nested Y.Map per thread and a Y.Array of messages, so that concurrent replies
// and resolutions merge. Reading gives plain, validated objects; malformed entries are skipped.
import * as Y from 'yjs';

/** Name of the shared map holding the threads (DESIGN.md, "Sync, storage and scale"). */
export const COMMENTS_MAP = 'comments';

export interface Person {
  id: string;
  name: string;
}

/**
 * Where a thread points: a text range as two Yjs relative positions (base64 of
 * `Y.encodeRelativePosition`) in the 'prosemirror' fragment, or a tracked change by its id.
 */
export type Anchor = { from: string; to: string; quote: string } | { changeId: string; quote: string };

export interface Message {
  id: string;
  author: Person;
  text: string;
  createdAt: number;
  /** Ids of the users the message mentions. */
  mentions: string[];
}

export interface Thread {
  id: string;
  anchor: Anchor;
  author: Person;
  createdAt: number;
  resolved: boolean;
  resolvedBy: Person | null;
  messages: Message[];
}

export class CommentError extends Error {}

/** Longest message text accepted. */
export const MAX_MESSAGE_LENGTH = 10_000;

export function commentsMap(ydoc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return ydoc.getMap(COMMENTS_MAP);
}

function randomId(): string {
  return globalThis.crypto.randomUUID();
}

function checkText(text: string): string {
  const trimmed = typeof text === 'string' ? text.trim() : '';
  if (!trimmed) throw new CommentError('a comment needs some text');
  if (trimmed.length > MAX_MESSAGE_LENGTH) throw new CommentError(`a comment is at most ${MAX_MESSAGE_LENGTH} characters`);
  return trimmed;
}

function checkPerson(person: Person): Person {
  if (!person || typeof person.id !== 'string' || !person.id || typeof person.name !== 'string') {
    throw new CommentError('a comment needs an author {id, name}');
  }
  return { id: person.id, name: person.name };
}

function message(author: Person, text: string, mentions: string[], now: number): Message {
  return { id: randomId(), author: checkPerson(author), text: checkText(text), createdAt: now, mentions: [...new Set(mentions)] };
}

export interface NewThread {
  anchor: Anchor;
  author: Person;
  text: string;
  mentions?: string[];
  now?: number;
}

/** Adds a thread with its first message; returns its id. */
export function createThread(ydoc: Y.Doc, spec: NewThread): string {
  const now = spec.now ?? Date.now();
  const first = message(spec.author, spec.text, spec.mentions ?? [], now);
  if (!isAnchor(spec.anchor)) throw new CommentError('a thread needs an anchor: a range or a change id');
  const id = randomId();
  ydoc.transact(() => {
    const thread = new Y.Map<unknown>();
    const messages = new Y.Array<Message>();
    messages.push([first]);
    thread.set('id', id);
    thread.set('anchor', spec.anchor);
    thread.set('author', first.author);
    thread.set('createdAt', now);
    thread.set('resolved', false);
    thread.set('resolvedBy', null);
    thread.set('messages', messages);
    commentsMap(ydoc).set(id, thread);
  });
  return id;
}

function threadMap(ydoc: Y.Doc, threadId: string): Y.Map<unknown> {
  const thread = commentsMap(ydoc).get(threadId);
  if (!(thread instanceof Y.Map)) throw new CommentError(`no comment thread ${threadId}`);
  return thread;
}

/** Appends a reply to a thread; returns the message id. */
export function reply(ydoc: Y.Doc, threadId: string, author: Person, text: string, mentions: string[] = [], now = Date.now()): string {
  const messages = threadMap(ydoc, threadId).get('messages');
  if (!(messages instanceof Y.Array)) throw new CommentError(`comment thread ${threadId} is malformed`);
  const added = message(author, text, mentions, now);
  messages.push([added]);
  return added.id;
}

/** Resolves (`resolved` true) or reopens a thread, recording who did it. */
export function setResolved(ydoc: Y.Doc, threadId: string, by: Person, resolved: boolean): void {
  const thread = threadMap(ydoc, threadId);
  ydoc.transact(() => {
    thread.set('resolved', resolved);
    thread.set('resolvedBy', resolved ? checkPerson(by) : null);
  });
}

/** Removes a thread (its author's choice; orphaned threads are never removed automatically). */
export function deleteThread(ydoc: Y.Doc, threadId: string): void {
  threadMap(ydoc, threadId);
  commentsMap(ydoc).delete(threadId);
}

const isString = (v: unknown): v is string => typeof v === 'string';

function isPerson(v: unknown): v is Person {
  return !!v && typeof v === 'object' && isString((v as Person).id) && isString((v as Person).name);
}

export function isAnchor(v: unknown): v is Anchor {
  if (!v || typeof v !== 'object') return false;
  const a = v as Record<string, unknown>;
  if (!isString(a.quote)) return false;
  return isString(a.changeId) ? a.changeId !== '' : isString(a.from) && isString(a.to);
}

function isMessage(v: unknown): v is Message {
  const m = v as Message;
  return !!m && typeof m === 'object' && isString(m.id) && isPerson(m.author) && isString(m.text)
    && typeof m.createdAt === 'number' && Array.isArray(m.mentions) && m.mentions.every(isString);
}

/** A thread as a plain object, or null when the entry is malformed (e.g. written by a faulty client). */
export function readThread(entry: unknown): Thread | null {
  if (!(entry instanceof Y.Map)) return null;
  const id = entry.get('id'), anchor = entry.get('anchor'), author = entry.get('author');
  const createdAt = entry.get('createdAt'), messages = entry.get('messages'), resolvedBy = entry.get('resolvedBy');
  if (!isString(id) || !isAnchor(anchor) || !isPerson(author) || typeof createdAt !== 'number' || !(messages instanceof Y.Array)) return null;
  return {
    id, anchor, author, createdAt,
    resolved: entry.get('resolved') === true,
    resolvedBy: isPerson(resolvedBy) ? resolvedBy : null,
    messages: messages.toArray().filter(isMessage).sort((a, b) => a.createdAt - b.createdAt),
  };
}

/** Every well-formed thread of the document, oldest first. */
export function readThreads(ydoc: Y.Doc): Thread[] {
  const threads: Thread[] = [];
  for (const entry of commentsMap(ydoc).values()) {
    const thread = readThread(entry);
    if (thread) threads.push(thread);
  }
  return threads.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

/** Calls `listener` after every change to the threads (including remote ones); returns the unsubscribe. */
export function observeThreads(ydoc: Y.Doc, listener: () => void): () => void {
  const map = commentsMap(ydoc);
  const handler = () => listener();
  map.observeDeep(handler);
  return () => map.unobserveDeep(handler);
}

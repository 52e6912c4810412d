// Who may change what in the `comments` map (layout: shared/comments/model.ts). A user creates
// threads and messages only in their own name (id and display name of the session), edits and
// deletes only their own messages (a message is a plain value in the thread's Y.Array, so an edit
// is a deletion plus an insertion), deletes a thread only when every message in it is theirs, and
// resolves or reopens a thread only when they wrote it or coordinate the group. The thread's id,
// anchor, author and creation time never change. Sizes are limited per message, per thread's
// fields and per document.
import * as Y from 'yjs';
import { MAX_MESSAGE_LENGTH, isAnchor, type Person } from '../../shared/comments/model';
import { isPlainJson, isPlainObject } from '../../shared/schema-attrs';
import type { Role } from '../auth/roles';
import { EARLIEST_TIME, TIME_SKEW_MS } from './drafter-check';

/** Most JSON bytes of one thread's fields other than its messages (anchor, quote, author). */
export const MAX_THREAD_FIELDS_BYTES = 8 * 1024;
/** Most JSON bytes of all the comments of one document. */
export const MAX_COMMENTS_BYTES = 2 * 1024 * 1024;

const THREAD_KEYS = new Set(['id', 'anchor', 'author', 'createdAt', 'resolved', 'resolvedBy', 'messages']);
const MESSAGE_KEYS = new Set(['id', 'author', 'text', 'createdAt', 'mentions']);

/** A thread as the check reads it: plain values, or why it is malformed. */
export type ThreadSnap =
  | { ok: true; fields: Record<string, unknown>; messages: Record<string, unknown>[]; bytes: number }
  | { ok: false; why: string; bytes: number };

const isPerson = (v: unknown): v is Person =>
  isPlainObject(v) && Object.keys(v).length === 2 && typeof v.id === 'string' && typeof v.name === 'string';

function messageProblem(m: unknown): string | null {
  if (!isPlainObject(m)) return 'a message is not an object';
  for (const key of Object.keys(m)) if (!MESSAGE_KEYS.has(key)) return `a message has an unknown field ${JSON.stringify(key)}`;
  if (typeof m.id !== 'string' || !m.id) return 'a message has no id';
  if (!isPerson(m.author)) return 'a message has no author {id, name}';
  if (typeof m.text !== 'string' || !m.text.trim()) return 'a message has no text';
  if (m.text.length > MAX_MESSAGE_LENGTH) return `a message is longer than ${MAX_MESSAGE_LENGTH} characters`;
  if (typeof m.createdAt !== 'number' || !Number.isFinite(m.createdAt)) return 'a message has no time';
  if (!Array.isArray(m.mentions) || !m.mentions.every((id) => typeof id === 'string')) return 'a message has malformed mentions';
  return null;
}

/** Reads one entry of the comments map. */
export function readThreadSnap(key: string, entry: unknown): ThreadSnap {
  if (!(entry instanceof Y.Map)) return { ok: false, why: `thread ${key} is not a Y.Map`, bytes: 0 };
  const fields: Record<string, unknown> = {};
  let messages: Record<string, unknown>[] = [];
  let bytes = key.length;
  for (const [name, value] of entry.entries()) {
    if (!THREAD_KEYS.has(name)) return { ok: false, why: `thread ${key} has an unknown field ${JSON.stringify(name)}`, bytes };
    if (name === 'messages') {
      if (!(value instanceof Y.Array)) return { ok: false, why: `thread ${key}: messages are not a Y.Array`, bytes };
      messages = value.toArray() as Record<string, unknown>[];
      for (const m of messages) {
        const problem = m instanceof Y.AbstractType ? 'a message is a Yjs type' : messageProblem(m);
        if (problem) return { ok: false, why: `thread ${key}: ${problem}`, bytes };
        bytes += JSON.stringify(m).length;
      }
    } else {
      if (!isPlainJson(value)) return { ok: false, why: `thread ${key}: field ${name} is not plain JSON`, bytes };
      fields[name] = value;
    }
  }
  const fieldBytes = JSON.stringify(fields).length;
  bytes += fieldBytes;
  if (fieldBytes > MAX_THREAD_FIELDS_BYTES) return { ok: false, why: `thread ${key}: its fields are larger than ${MAX_THREAD_FIELDS_BYTES} bytes`, bytes };
  if (fields.id !== key) return { ok: false, why: `thread ${key}: its id is not its key`, bytes };
  if (!isAnchor(fields.anchor)) return { ok: false, why: `thread ${key}: malformed anchor`, bytes };
  if (!isPerson(fields.author)) return { ok: false, why: `thread ${key}: no author {id, name}`, bytes };
  if (typeof fields.createdAt !== 'number' || !Number.isFinite(fields.createdAt)) return { ok: false, why: `thread ${key}: no creation time`, bytes };
  if (typeof fields.resolved !== 'boolean') return { ok: false, why: `thread ${key}: resolved is not a boolean`, bytes };
  if (fields.resolvedBy !== null && !isPerson(fields.resolvedBy)) return { ok: false, why: `thread ${key}: malformed resolvedBy`, bytes };
  if (!entry.has('messages')) return { ok: false, why: `thread ${key}: no messages`, bytes };
  return { ok: true, fields, messages, bytes };
}

/** The threads of a comments map, read for checking, and their total size; kept up to date by the guard. */
export class CommentsIndex {
  private snaps = new Map<string, ThreadSnap>();
  private total = 0;

  constructor(private map: Y.Map<unknown>) {
    for (const key of map.keys()) this.set(key, readThreadSnap(key, map.get(key)));
  }

  get bytes(): number {
    return this.total;
  }

  private set(key: string, snap: ThreadSnap | undefined): void {
    this.total -= this.snaps.get(key)?.bytes ?? 0;
    if (snap) {
      this.snaps.set(key, snap);
      this.total += snap.bytes;
    } else {
      this.snaps.delete(key);
    }
  }

  /** Re-reads the threads of `keys` from the map; returns what they were before. */
  refresh(keys: Iterable<string>): Map<string, ThreadSnap | undefined> {
    const previous = new Map<string, ThreadSnap | undefined>();
    for (const key of keys) {
      if (previous.has(key)) continue;
      previous.set(key, this.snaps.get(key));
      this.set(key, this.map.has(key) ? readThreadSnap(key, this.map.get(key)) : undefined);
    }
    return previous;
  }

  get(key: string): ThreadSnap | undefined {
    return this.snaps.get(key);
  }
}

const samePerson = (p: unknown, user: Person): boolean => isPerson(p) && p.id === user.id && p.name === user.name;
const json = (v: unknown): string => JSON.stringify(v);
/** Whether `p` is `user` by id (a rename does not take away what they wrote). */
const isUser = (p: unknown, user: Person): boolean => isPerson(p) && p.id === user.id;

/** Messages of `a` not in `b`, as a multiset by content. */
function minus(a: Record<string, unknown>[], b: Record<string, unknown>[]): Record<string, unknown>[] {
  const counts = new Map<string, number>();
  for (const m of b) counts.set(json(m), (counts.get(json(m)) ?? 0) + 1);
  return a.filter((m) => {
    const n = counts.get(json(m)) ?? 0;
    if (n > 0) counts.set(json(m), n - 1);
    return n === 0;
  });
}

/**
 * Why `user` (with `role`) may not change the threads `before` into what `index` holds now
 * (the keys of `before` are the threads the update touched), or null.
 */
export function commentsVerdict(
  before: Map<string, ThreadSnap | undefined>, index: CommentsIndex, user: Person, role: Role, now = Date.now(),
): string | null {
  if (index.bytes > MAX_COMMENTS_BYTES) return `the document's comments would exceed ${MAX_COMMENTS_BYTES} bytes`;
  // a new thread or message is dated no later than a minute past the server's clock (earlier:
  // written offline), and not before 2000 (clients format these times: 1e300 breaks a Date)
  const badTime = (time: unknown) => typeof time !== 'number' || time > now + TIME_SKEW_MS || time < EARLIEST_TIME;
  for (const [key, was] of before) {
    const now = index.get(key);
    if (now && !now.ok) return `malformed comment: ${now.why}`;
    if (!was) {
      if (!now) continue;
      if (!samePerson(now.fields.author, user)) return 'a comment thread can only be started in your own name';
      if (now.fields.resolved !== false || now.fields.resolvedBy !== null) return 'a new comment thread must be open';
      if (!now.messages.every((m) => samePerson(m.author, user))) return 'comments can only be written in your own name';
      if (badTime(now.fields.createdAt) || now.messages.some((m) => badTime(m.createdAt))) return 'a new comment\'s time must be between 2000 and a minute past the server\'s clock';
      continue;
    }
    if (!was.ok) {
      if (now) return `comment thread ${key} is malformed and can only be deleted`;
      continue;
    }
    if (!now) {
      if (!was.messages.every((m) => isUser(m.author, user)) || !isUser(was.fields.author, user)) {
        return 'only a thread\'s author can delete it, and only when every message in it is theirs';
      }
      continue;
    }
    for (const field of ['id', 'anchor', 'author', 'createdAt']) {
      if (json(was.fields[field]) !== json(now.fields[field])) return `a comment thread's ${field} cannot change`;
    }
    if (was.fields.resolved !== now.fields.resolved || json(was.fields.resolvedBy) !== json(now.fields.resolvedBy)) {
      if (role !== 'coordinator' && !isUser(was.fields.author, user)) return 'only the thread\'s author or a coordinator can resolve or reopen it';
      if (now.fields.resolved ? !samePerson(now.fields.resolvedBy, user) : now.fields.resolvedBy !== null) return 'a thread is resolved in your own name';
    }
    if (minus(was.messages, now.messages).some((m) => !isUser(m.author, user))) return 'you can only edit or delete your own comments';
    const added = minus(now.messages, was.messages);
    if (added.some((m) => !samePerson(m.author, user))) return 'comments can only be written in your own name';
    if (added.some((m) => badTime(m.createdAt))) return 'a new comment\'s time must be between 2000 and a minute past the server\'s clock';
  }
  return null;
}

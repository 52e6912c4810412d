// What a connection may change, judged on the document the update would leave. Each check
// applies the update to a shadow copy of the room's Y.Doc and looks at the result, so the room's
// doc never sees a refused update. For every role:
// - only the roots of roots.ts, each of its own shape; the server-written `users` never;
// - the `prosemirror` fragment must read strictly as a valid document (strict-doc.ts);
// - the comments the update touches follow the ownership rules of comments-check.ts.
// Then by role: coordinators nothing more; observers no change at all in `prosemirror`;
// drafters exactly a tracked change of theirs (drafter-check.ts).
//
// Cost: the guard keeps each top-level block read strictly and the whole document while nothing
// changes, so an update is read only in the blocks it touched, and the drafter invariant looks
// only at the top-level blocks that differ (drafter-check.ts `changedWindow`). Figures in
// server/README.md.
import type { Node as PMNode } from 'prosemirror-model';
import * as Y from 'yjs';
import type { Role } from '../auth/roles';
import { CommentsIndex, commentsVerdict, type ThreadSnap } from './comments-check';
import { drafterVerdict } from './drafter-check';
import { COMMENTS_ROOT, CONTENT_ROOT, ROOTS, childOf, defineRoots, misshapenRoot, rootName, rootOf } from './roots';
import { foreignClient } from './client-owners';
import { countStructs, MAX_STRUCTS } from './update-size';
import { unitRemovalVerdict } from './unit-removal';
import { InvalidDocument, StrictReader } from './strict-doc';
import { TypingJudge } from './typing-check';

/** Why an update is refused, or null when it may be applied. */
export type Verdict = string | null;

export interface Writer {
  userId: string;
  /** The session's display name: what a drafter's new revision records must say. */
  userName: string;
  role: Role;
}

/** Whether an update carries no change at all (an empty sync step 2, say). */
export function isEmptyUpdate(update: Uint8Array): boolean {
  if (update.length === 2 && update[0] === 0 && update[1] === 0) return true; // the usual empty one, without decoding
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length === 0 && ds.clients.size === 0;
}

/** Bytes that are no Yjs update (they fail to decode or to apply): the sender's connection is closed. */
export class MalformedUpdate extends Error {}

const hasPending = (doc: Y.Doc): boolean => doc.store.pendingStructs !== null || doc.store.pendingDs !== null;

type AnyType = Y.AbstractType<any>;

/** What one transaction of the shadow changed, by root. */
interface Touched {
  roots: Set<AnyType>;
  /** Top-level elements of the content whose insides changed. */
  blocks: Set<Y.XmlElement>;
  /** Keys of the comments map whose threads changed. */
  threads: Set<string>;
  /** Yjs client ids the transactions added structs under. */
  clients: Set<number>;
  /** Why the update may not remove a proposal unit (unit-removal.ts), read before Yjs collects what it deleted. */
  unitRemoval: string | null;
}

const reader = new StrictReader();

/** Bytes of updates the shadow may lag behind by before it is dropped (made again from the doc when next needed). */
const LAG_LIMIT = 64 * 1024;
/** A shadow no check used for this long is dropped (made again from the doc when next needed). */
const SHADOW_IDLE_MS = 30_000;

/**
 * The size of a doc in Yjs clock units: every item it ever integrated, deleted ones included (the
 * sum of its clients' next clocks). A shadow whose accepted update at least doubled it is dropped.
 */
const clockSum = (doc: Y.Doc): number => {
  let sum = 0;
  for (const structs of doc.store.clients.values()) {
    const last = structs[structs.length - 1];
    sum += last.id.clock + last.length;
  }
  return sum;
};

/** Whether a doc of `before` clock units grew to at least twice that (and grew at all). */
const grewTwofold = (before: number, after: number): boolean => after > before && after >= 2 * before;

const ids = new WeakMap<Y.XmlElement, string>();

/** An element's Yjs id as a key (made once per element object: every read looks up every block). */
const idOf = (el: Y.XmlElement): string => {
  let id = ids.get(el);
  if (id === undefined) ids.set(el, id = `${el._item!.id.client}:${el._item!.id.clock}`);
  return id;
};

export interface GuardOptions {
  /**
   * Follow the doc's 'update' events (the default). A room passes false and calls `follow` with
   * its own changes only: an update this guard accepted is in the shadow already, and with no
   * 'update' listener Yjs does not encode the transactions of clients' updates at all.
   */
  listen?: boolean;
  /** Ask the direct judge of typing first (typing-check.ts; the default). False judges every update the general way (the tests compare). */
  typing?: boolean;
  /**
   * The user who owns a Yjs client id (attribution.ts), if anyone does. New structs under another
   * user's id are refused: they would take the clocks her own edits (offline ones, say) carry, so
   * that Yjs dropped hers as known, and they would be credited to her.
   */
  ownerOf?: (client: number) => string | undefined;
}

/**
 * The check for one room's Y.Doc. It keeps a shadow copy of the doc that follows every update
 * the doc gets; a candidate update is applied to the shadow first and judged there. An accepted
 * update reaches the doc next (the same bytes on the same state: the shadow need not follow it);
 * a refused one spoils the shadow, which is dropped and rebuilt from the doc at the next check.
 * Bytes that fail to apply throw MalformedUpdate, so they never reach the doc.
 */
export class UpdateGuard {
  private shadow: Y.Doc | null = null;
  /** When a check last used the shadow; a shadow unused for SHADOW_IDLE_MS is dropped (a second copy of the document). */
  private shadowUsed = 0;
  private idleSweep: NodeJS.Timeout | null = null;
  private touched: Touched = { roots: new Set(), blocks: new Set(), threads: new Set(), clients: new Set(), unitRemoval: null };
  /**
   * Strictly read top-level blocks by their element's Yjs id, valid while the element is
   * untouched: kept when the shadow is rebuilt after a refusal (the refused update's blocks are
   * dropped), so a refusal costs a copy of the Y.Doc but not a new reading of the document.
   */
  private blocks = new Map<string, PMNode>();
  /** The shadow's document, while nothing in the content changed. */
  private docNode: PMNode | null = null;
  private comments: CommentsIndex | null = null;

  private listening: boolean;
  /** The direct judge of typing (typing-check.ts), asked before the shadow. */
  private typing: TypingJudge | null;
  /**
   * Updates the doc got since the shadow was last in step (those the typing judge accepted, and
   * what followed them), applied to the shadow when a check next needs it: typing never pays for
   * a second copy. Past LAG_LIMIT bytes the shadow is dropped instead (made again from the doc).
   */
  private lag: Uint8Array[] = [];
  private lagBytes = 0;

  private ownerOf: GuardOptions['ownerOf'];
  /** The drafter whose update the shadow is applying, if it is a drafter's (unit-removal.ts). */
  private drafting: Writer | null = null;

  constructor(private doc: Y.Doc, { listen = true, typing = true, ownerOf }: GuardOptions = {}) {
    this.listening = listen;
    this.ownerOf = ownerOf;
    this.typing = typing ? new TypingJudge(doc, doc.getXmlFragment(CONTENT_ROOT), ownerOf) : null;
    if (listen) doc.on('update', this.follow);
  }

  /** Whether the guard holds its shadow copy now (a second copy of the document in memory). */
  get holdsShadow(): boolean {
    return this.shadow !== null;
  }

  /** Brings the shadow in line with a change of the doc that this guard did not accept itself. */
  follow = (update: Uint8Array): void => {
    if (!this.shadow) return;
    if (this.lag.length) return this.lagBehind(update);
    Y.applyUpdate(this.shadow, update);
    this.settle();
  };

  private lagBehind(update: Uint8Array): void {
    this.lag.push(update);
    this.lagBytes += update.length;
    if (this.lagBytes > LAG_LIMIT) this.dropShadow();
  }

  private freshShadow(): Y.Doc {
    this.shadowUsed = Date.now();
    this.idleSweep ??= setInterval(() => {
      if (Date.now() - this.shadowUsed < SHADOW_IDLE_MS) return;
      this.dropShadow();
    }, SHADOW_IDLE_MS).unref();
    if (this.shadow && this.lag.length) {
      const lag = this.lag, shadow = this.shadow;
      this.lag = [];
      this.lagBytes = 0;
      shadow.transact(() => { for (const update of lag) Y.applyUpdate(shadow, update); });
      this.settle();
    }
    if (this.shadow) return this.shadow;
    const shadow = new Y.Doc();
    defineRoots(shadow);
    Y.applyUpdate(shadow, Y.encodeStateAsUpdate(this.doc));
    const content: AnyType = shadow.getXmlFragment(CONTENT_ROOT), comments: AnyType = shadow.getMap(COMMENTS_ROOT);
    shadow.on('afterTransaction', (tr: Y.Transaction) => {
      for (const [client, clock] of tr.afterState) if (clock !== (tr.beforeState.get(client) ?? 0)) this.touched.clients.add(client);
      if (this.drafting && tr.deleteSet.clients.size) this.touched.unitRemoval ??= unitRemovalVerdict(shadow, tr.deleteSet, tr.beforeState, this.drafting.userId, this.ownerOf);
      for (const [type, keys] of tr.changed) {
        const root = rootOf(type);
        this.touched.roots.add(root);
        if (root === content && type !== content) {
          const top = childOf(content, type);
          if (top instanceof Y.XmlElement) this.touched.blocks.add(top);
        } else if (root === comments) {
          if (type === comments) for (const key of keys) if (key !== null) this.touched.threads.add(key);
          const top = childOf(comments, type);
          if (top !== comments && top._item?.parentSub) this.touched.threads.add(top._item.parentSub);
        }
      }
    });
    this.comments = new CommentsIndex(shadow.getMap(COMMENTS_ROOT));
    return (this.shadow = shadow);
  }

  private dropShadow(): void {
    for (const block of this.takeTouched().blocks) this.blocks.delete(idOf(block));
    this.shadow?.destroy();
    this.shadow = null;
    if (this.idleSweep) clearInterval(this.idleSweep);
    this.idleSweep = null;
    this.lag = [];
    this.lagBytes = 0;
    this.docNode = null;
    this.comments = null;
  }

  private takeTouched(): Touched {
    const touched = this.touched;
    this.touched = { roots: new Set(), blocks: new Set(), threads: new Set(), clients: new Set(), unitRemoval: null };
    return touched;
  }

  /** Brings the caches in line with what the shadow's last transactions changed; returns those changes. */
  private settle(): { touched: Touched; threadsBefore: Map<string, ThreadSnap | undefined> } {
    const touched = this.takeTouched();
    for (const block of touched.blocks) this.blocks.delete(idOf(block));
    if (this.shadow && touched.roots.has(this.shadow.getXmlFragment(CONTENT_ROOT))) this.docNode = null;
    const threadsBefore = this.comments?.refresh(touched.threads) ?? new Map();
    return { touched, threadsBefore };
  }

  /** The shadow's document read strictly, reusing the blocks read before. */
  private readContent(shadow: Y.Doc): PMNode {
    if (this.docNode) return this.docNode;
    const fragment = shadow.getXmlFragment(CONTENT_ROOT);
    this.docNode = reader.doc(fragment, (el) => this.blocks.get(idOf(el)), (el, node) => this.blocks.set(idOf(el), node));
    if (this.blocks.size > 2 * fragment.length + 64) {
      // blocks removed from the document: keep the blocks of this document only
      const current = new Map<string, PMNode>();
      for (const el of fragment.toArray()) {
        const node = el instanceof Y.XmlElement ? this.blocks.get(idOf(el)) : undefined;
        if (node) current.set(idOf(el as Y.XmlElement), node);
      }
      this.blocks = current;
    }
    return this.docNode;
  }

  /**
   * Whether the last update this guard accepted was judged typing that changes the doc (typing-
   * check.ts): it inserts its client's next structs or deletes text the doc has, on the doc as it
   * stands, so applying it next changes the doc and leaves nothing pending.
   */
  typedChange = false;

  /** Whether `writer` may apply `update` to the doc: null, or the reason for refusing it. */
  check(update: Uint8Array, writer: Writer, now = Date.now()): Verdict {
    this.typedChange = false;
    if (update.length === 2 && update[0] === 0 && update[1] === 0) return null;
    const direct = this.typing?.judge(update, writer, now);
    if (direct !== undefined) {
      if (direct === null) {
        this.typed(update);
        this.typedChange = this.typing!.touched.length > 0;
      }
      return direct;
    }
    const structs = this.typing && this.typing.structCount >= 0 ? this.typing.structCount : countStructs(update);
    if (structs > MAX_STRUCTS) return `the update is too large to check at once (${structs} Yjs structs, at most ${MAX_STRUCTS}): make it in smaller parts`;
    const shadow = this.freshShadow();
    let before: PMNode | null = null;
    if (writer.role === 'drafter') {
      try {
        before = this.readContent(shadow);
      } catch (err) {
        if (!(err instanceof InvalidDocument)) throw err;
        if (this.emptyOrMalformed(update)) return null;
        return `the document on the server is invalid (${err.message}); a coordinator must repair it`;
      }
    }
    const pendingBefore = hasPending(shadow);
    const namesBefore = new Set(shadow.share.keys());
    const sizeBefore = clockSum(shadow);
    this.drafting = writer.role === 'drafter' ? writer : null;
    try {
      Y.applyUpdate(shadow, update);
    } catch (err) {
      this.dropShadow();
      throw new MalformedUpdate(`Yjs update cannot be applied (${(err as Error).message})`);
    } finally {
      this.drafting = null;
    }
    const { touched, threadsBefore } = this.settle();
    let verdict: Verdict;
    try {
      verdict = this.judge(shadow, writer, before, touched, threadsBefore, pendingBefore, namesBefore, now);
    } catch (err) {
      // whatever the check could not finish (a bug, or input it did not foresee): refused, and
      // the shadow, which holds the update, is dropped like a refused one's
      verdict = `the update could not be checked (${(err as Error).message})`;
    }
    if (verdict) {
      // the blocks it touched were read (or dropped) in their refused state
      for (const block of touched.blocks) this.blocks.delete(idOf(block));
      this.dropShadow();
    } else if (grewTwofold(sizeBefore, clockSum(shadow))) {
      // An update that (at least) doubled the document, such as the content of a document opened
      // with it or a client's offline edits: the shadow, now a second copy of it, is not kept. It
      // is made again from the doc when a check next needs it, which costs no more than this check
      // did; typing, judged without it, never does.
      this.dropShadow();
    }
    return verdict;
  }

  /** After the typing judge accepted `update`: the blocks it touched are read again, the shadow follows later. */
  private typed(update: Uint8Array): void {
    for (const block of this.typing!.touched) this.blocks.delete(idOf(block));
    this.docNode = null;
    // a guard that listens gets the update through follow() when the doc applies it
    if (this.shadow && !this.listening) this.lagBehind(update);
  }

  /** Whether `update` changes nothing (true) or is fine to judge (false); throws MalformedUpdate for garbage. */
  private emptyOrMalformed(update: Uint8Array): boolean {
    try {
      return isEmptyUpdate(update);
    } catch (err) {
      throw new MalformedUpdate(`undecodable Yjs update (${(err as Error).message})`);
    }
  }

  private judge(
    shadow: Y.Doc, writer: Writer, before: PMNode | null, touched: Touched, threadsBefore: Map<string, ThreadSnap | undefined>,
    pendingBefore: boolean, namesBefore: Set<string>, now: number,
  ): Verdict {
    // An update that waits for changes the server has not seen could not be checked now and
    // would be integrated later unchecked: refused.
    if (!pendingBefore && hasPending(shadow)) return 'the update depends on changes the server does not have';
    const foreign = foreignClient(touched.clients, writer, this.ownerOf);
    if (foreign) return foreign;
    for (const name of shadow.share.keys()) {
      if (!namesBefore.has(name) && !(name in ROOTS)) return `unknown root type ${JSON.stringify(name)}`;
    }
    const content = shadow.getXmlFragment(CONTENT_ROOT);
    for (const root of touched.roots) {
      const name = rootName(shadow, root);
      if (name === undefined || !Object.prototype.hasOwnProperty.call(ROOTS, name)) return `unknown root type ${JSON.stringify(name ?? '?')}`;
      if (!ROOTS[name].clientsWrite) return `the root "${name}" is written by the server only`;
      const misshapen = misshapenRoot(name, root);
      if (misshapen) return misshapen;
    }
    if (touched.roots.has(content)) {
      if (writer.role === 'observer') return 'observers cannot change the text';
      let after: PMNode;
      try {
        after = this.readContent(shadow);
      } catch (err) {
        if (!(err instanceof InvalidDocument)) throw err;
        return `invalid document: ${err.message}`;
      }
      if (writer.role === 'drafter') {
        const verdict = drafterVerdict(before!, after, { id: writer.userId, name: writer.userName }, now) ?? touched.unitRemoval;
        if (verdict) return verdict;
      }
    }
    if (threadsBefore.size) {
      return commentsVerdict(threadsBefore, this.comments!, { id: writer.userId, name: writer.userName }, writer.role, now);
    }
    return null;
  }

  destroy(): void {
    if (this.listening) this.doc.off('update', this.follow);
    this.typing?.destroy();
    this.dropShadow();
  }
}

/** One check of `update` against `doc` (a guard made for the occasion). */
export function checkUpdate(doc: Y.Doc, update: Uint8Array, writer: Writer, now?: number, options?: GuardOptions): Verdict {
  const guard = new UpdateGuard(doc, options);
  try {
    return guard.check(update, writer, now);
  } finally {
    guard.destroy();
  }
}

// The one stream reader of a server: a blocking XREAD on its own Redis connection over the update
// streams of every open document, each from the last entry it applied. An entry whose `p` (the
// entry before it when it was appended) is not the reader's cursor means entries were lost to it
// (trimmed, or Redis restarted empty): the room catches up from the store, which holds every
// streamed update, then reads on from the entry that was last before that load. Never a gap.
import type { Redis } from 'ioredis';
import type { Member } from './broker';

/** One open document on this server, as the reader follows it. */
export interface Feed {
  topic: string;
  key: string;
  member: Member;
  /** The last entry applied (or the last before a catch-up); null while catching up. */
  cursor: string | null;
  resyncing: Promise<void> | null;
  /** Another catch-up was asked for while one ran. */
  again: boolean;
  retry: NodeJS.Timeout | null;
}

export interface StreamReaderOptions {
  /** The reader's own connection (it blocks). */
  redis: Redis;
  /** A connection for short commands (XREVRANGE, CLIENT UNBLOCK). */
  commands: Redis;
  serverId: string;
  feeds: Map<string, Feed>;
  log: (line: string) => void;
}

/** Longest wait of one XREAD: a document opened meanwhile is read from the next call at the latest. */
const BLOCK_MS = 2000;
const RETRY_MS = 1000;

export class StreamReader {
  private readerId: number | null = null;
  private blocked = false;
  private waiting: (() => void) | null = null;
  private closed = false;
  /** Resolves on close: a command stuck in ioredis's offline queue (Redis down) must not hold the loop. */
  private stopped: Promise<null>;
  private stop!: () => void;
  private loop: Promise<void>;

  constructor(private o: StreamReaderOptions) {
    this.stopped = new Promise((resolve) => { this.stop = () => resolve(null); });
    o.redis.on('error', () => {}); // logged by the command connection
    o.redis.on('ready', () => {
      this.readerId = null;
      this.wake();
    });
    this.loop = this.run();
  }

  /** Makes the reader look at the feeds again now (a document opened, closed or caught up). */
  wake(): void {
    if (this.waiting) {
      const resume = this.waiting;
      this.waiting = null;
      resume();
    } else if (this.blocked && this.readerId !== null) {
      this.o.commands.client('UNBLOCK', this.readerId).catch(() => {});
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resume) => {
      const timer = setTimeout(() => { this.waiting = null; resume(); }, ms);
      this.waiting = () => { clearTimeout(timer); resume(); };
    });
  }

  private async run(): Promise<void> {
    while (!this.closed) {
      const feeds = [...this.o.feeds.values()].filter((f) => f.cursor !== null);
      if (feeds.length === 0 || this.o.redis.status !== 'ready') {
        await this.pause(RETRY_MS);
        continue;
      }
      const cursors = feeds.map((f) => f.cursor!);
      let result: [Buffer, [Buffer, Buffer[]][]][] | null;
      try {
        if (this.readerId === null) {
          const id = await Promise.race([this.o.redis.client('ID'), this.stopped]);
          if (id === null) break;
          this.readerId = Number(id);
        }
        this.blocked = true;
        result = await Promise.race([this.o.redis.xreadBuffer('COUNT', 1000, 'BLOCK', BLOCK_MS, 'STREAMS', ...feeds.map((f) => f.key), ...cursors), this.stopped]);
        if (this.closed) break;
      } catch {
        if (!this.closed) await this.pause(RETRY_MS / 4);
        continue;
      } finally {
        this.blocked = false;
      }
      for (const [key, entries] of result ?? []) {
        const i = feeds.findIndex((f) => f.key === key.toString());
        const feed = feeds[i];
        // Caught up or closed meanwhile: read again from its new cursor.
        if (!feed || this.o.feeds.get(feed.topic) !== feed || feed.cursor !== cursors[i]) continue;
        this.apply(feed, entries);
      }
    }
  }

  private apply(feed: Feed, entries: [Buffer, Buffer[]][]): void {
    for (const [idBytes, fields] of entries) {
      let server = '', prev = '', update: Buffer | null = null, catchUp = false;
      for (let j = 0; j + 1 < fields.length; j += 2) {
        const name = fields[j].toString();
        if (name === 's') server = fields[j + 1].toString();
        else if (name === 'p') prev = fields[j + 1].toString();
        else if (name === 'u') update = fields[j + 1];
        else if (name === 'r') catchUp = true;
      }
      if (prev !== feed.cursor) return this.resync(feed); // entries lost to this reader
      feed.cursor = idBytes.toString();
      if (server === this.o.serverId) continue; // our own, already applied and delivered
      if (catchUp) return this.resync(feed); // another server stored updates it could not stream
      if (!update) continue;
      try {
        feed.member.applyUpdate(new Uint8Array(update.buffer, update.byteOffset, update.byteLength));
      } catch (err) {
        this.o.log(`redis broker ${feed.topic}: an entry could not be applied (${(err as Error).message}); catching up from the store`);
        return this.resync(feed);
      }
    }
  }

  /**
   * Catches the room up from the store, then reads on from the entry that was last before the
   * load (anything appended to the stream before it was stored before it, so the load has it).
   */
  resync(feed: Feed): void {
    if (feed.resyncing) {
      feed.again = true;
      return;
    }
    feed.cursor = null;
    if (feed.retry) clearTimeout(feed.retry);
    feed.retry = null;
    const current = () => !this.closed && this.o.feeds.get(feed.topic) === feed;
    feed.resyncing = (async () => {
      do {
        feed.again = false;
        const last = await this.o.commands.xrevrange(feed.key, '+', '-', 'COUNT', 1);
        await feed.member.catchUp();
        feed.cursor = last[0]?.[0] ?? '0-0';
      } while (feed.again && current());
    })().then(
      () => { if (current()) this.wake(); },
      (err: Error) => {
        feed.cursor = null;
        if (this.o.commands.status === 'ready') this.o.log(`redis broker ${feed.topic}: catching up failed, retrying: ${err.message}`);
        if (!current()) return;
        feed.retry = setTimeout(() => { feed.retry = null; if (current()) this.resync(feed); }, RETRY_MS);
        feed.retry.unref();
      },
    ).finally(() => { feed.resyncing = null; });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stop();
    this.wake();
    this.o.redis.disconnect();
    await this.loop;
  }
}

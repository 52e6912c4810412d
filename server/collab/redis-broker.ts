// Fan-out between servers through Redis. Updates: one stream per document
// (`draftroom:doc:<id>:updates`), appended only after the store has the update (the room calls
// publishUpdate once appendUpdates resolved); every server with the document open reads it
// (stream-reader.ts) and applies other servers' entries with origin REMOTE. Each entry names the
// entry before it (`p`, set atomically by a script), so a reader sees any gap (a trim past it, a
// Redis restart) and catches up from the store, which holds every entry. Awareness: pub/sub on
// `draftroom:doc:<id>:awareness` (ephemeral). While Redis is down the servers serve their own
// clients and store; when it answers again every open room catches up from the store.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { disarmOnClose, openRedis, REDIS_PREFIX } from '../redis';
import { within } from '../within';
import { messageQueryAwareness, updateMessage as updateMessageOf } from './protocol';
import type { Broker, Member } from './broker';
import { StreamReader, type Feed } from './stream-reader';

export interface RedisBrokerOptions {
  url: string;
  log: (line: string) => void;
  /** Entries a stream keeps at most (approximately; a reader further behind catches up from the store). */
  maxLen?: number;
  /** How long an unused document's stream and awareness survive in Redis (ms). */
  ttlMs?: number;
}

/** Appends an entry naming the stream's last entry before it (`p`), atomically. */
const APPEND = `
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
local prev = '0-0'
if last[1] then prev = last[1][1] end
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[3], '*', 's', ARGV[1], 'p', prev, ARGV[4], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return id`;

type Appender = Redis & { draftroomAppend(key: string, serverId: string, value: Buffer | string, maxLen: number, field: string, ttl: number): Promise<string> };

/**
 * How long a compaction waits for Redis to name the stream's last entry: the wait is in the room's
 * chain, so a Redis that hangs (rather than refusing) would hold every later update of the room.
 */
export const COMPACTION_REDIS_MS = 1000;

/**
 * The pub/sub connection sends no command of its own once subscribed: a ping this often lets the
 * socket timeout (redis.ts REDIS_SOCKET_TIMEOUT_MS) find it dead when Redis stops answering.
 */
const PUBSUB_PING_MS = 5000;

/**
 * An update larger than this is not streamed: its entry only tells the other servers to catch up
 * from the store, which has it. A command counts as unanswered from the moment it is written
 * (redis.ts REDIS_SOCKET_TIMEOUT_MS), so a paste of several MiB on a slow link to Redis dropped
 * the connection as dead, and ioredis wrote it again on the next one, every few seconds for ever,
 * appending it each time; and 1,000 entries (maxLen) of up to 16 MiB each are gigabytes in Redis.
 */
export const STREAM_ENTRY_MAX_BYTES = 1024 * 1024;

/** Awareness on the channel: the sending server's id (36 bytes) then the y-websocket message. */
const SERVER_ID_BYTES = 36;

export class RedisBroker implements Broker {
  readonly kind = 'redis' as const;
  /** Marks this server's entries and messages, which come back to it and are skipped. */
  readonly serverId = randomUUID();
  private commands: Appender;
  private pubsub: Redis;
  private reader: StreamReader;
  private feeds = new Map<string, Feed>();
  /** Topics whose entries could not be appended (Redis down): the others are told to catch up. */
  private unsent = new Set<string>();
  private maxLen: number;
  private ttlMs: number;
  private closed = false;
  private pings: NodeJS.Timeout;

  constructor(private opts: RedisBrokerOptions) {
    this.maxLen = opts.maxLen ?? 1000;
    this.ttlMs = opts.ttlMs ?? 24 * 3600_000;
    this.commands = openRedis(opts.url, opts.log) as Appender;
    this.commands.defineCommand('draftroomAppend', { numberOfKeys: 1, lua: APPEND });
    this.pubsub = disarmOnClose(this.commands.duplicate());
    this.pubsub.on('error', () => {}); // logged by the command connection
    this.pubsub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.onAwareness(channel.toString(), message));
    // ioredis resubscribes only the channels it had before the connection was lost, and gives up a
    // SUBSCRIBE waiting for it after a retry: a document opened meanwhile would never hear the
    // other servers' awareness. Every open document listens again (and asks for the states it missed).
    this.pubsub.on('ready', () => { for (const topic of this.feeds.keys()) this.listen(topic); });
    this.reader = new StreamReader({
      redis: disarmOnClose(this.commands.duplicate()), commands: this.commands, serverId: this.serverId, feeds: this.feeds, log: opts.log,
    });
    this.commands.on('ready', () => this.onReady());
    this.pings = setInterval(() => {
      if (this.pubsub.status === 'ready') this.pubsub.ping().catch(() => {});
    }, PUBSUB_PING_MS).unref();
  }

  healthy(): boolean {
    return this.commands.status === 'ready';
  }

  private streamKey(topic: string): string {
    return `${REDIS_PREFIX}${topic}:updates`;
  }

  private channel(topic: string): string {
    return `${REDIS_PREFIX}${topic}:awareness`;
  }

  /** Redis answers (again): every open room catches up from the store; missed appends are announced. */
  private onReady(): void {
    for (const topic of this.unsent) {
      this.unsent.delete(topic);
      this.append(topic, 'r', '1');
    }
    for (const feed of this.feeds.values()) this.reader.resync(feed);
  }

  private append(topic: string, field: 'u' | 'r', value: Buffer | string): void {
    if (this.closed) return;
    this.commands.draftroomAppend(this.streamKey(topic), this.serverId, value, this.maxLen, field, this.ttlMs).catch(() => {
      // Stored but not streamed: the other servers learn it when Redis answers again (onReady).
      this.unsent.add(topic);
    });
  }

  publishUpdate(topic: string, update: Uint8Array, senderId: number | null): void {
    const feed = this.feeds.get(topic);
    feed?.member.deliver(updateMessageOf(update), senderId);
    if (update.byteLength > STREAM_ENTRY_MAX_BYTES) this.append(topic, 'r', '1');
    else this.append(topic, 'u', Buffer.from(update.buffer, update.byteOffset, update.byteLength));
  }

  publish(topic: string, message: Uint8Array, senderId: number | null): void {
    this.feeds.get(topic)?.member.deliver(message, senderId);
    this.sendAwareness(topic, message);
  }

  private sendAwareness(topic: string, message: Uint8Array): void {
    if (this.closed || !this.healthy()) return; // ephemeral: clients renew their states
    this.commands.publish(this.channel(topic), Buffer.concat([Buffer.from(this.serverId), message])).catch(() => {});
  }

  private onAwareness(channel: string, payload: Buffer): void {
    if (payload.length <= SERVER_ID_BYTES || payload.subarray(0, SERVER_ID_BYTES).toString() === this.serverId) return;
    const topic = channel.slice(REDIS_PREFIX.length, -':awareness'.length);
    const feed = this.feeds.get(topic);
    if (!feed) return;
    const message = new Uint8Array(payload.subarray(SERVER_ID_BYTES));
    try {
      if (message[0] === messageQueryAwareness) {
        const all = feed.member.awarenessOfAll();
        if (all) this.sendAwareness(topic, all);
      } else feed.member.applyAwareness(message);
    } catch (err) {
      this.opts.log(`redis broker ${topic}: bad awareness message from another server: ${(err as Error).message}`);
    }
  }

  /** Subscribes to the document's awareness channel, then asks the other servers for the states they hold, so cursors show at once. */
  private listen(topic: string): void {
    this.pubsub.subscribe(this.channel(topic)).then(
      () => { if (this.feeds.has(topic)) this.sendAwareness(topic, Uint8Array.of(messageQueryAwareness)); },
      () => {}, // subscribed again when the connection is ready (constructor)
    );
  }

  subscribe(topic: string, member: Member): () => void {
    const feed: Feed = { topic, key: this.streamKey(topic), member, cursor: null, resyncing: null, again: false, retry: null };
    this.feeds.set(topic, feed);
    this.listen(topic);
    this.reader.resync(feed);
    return () => {
      if (this.feeds.get(topic) !== feed) return;
      this.feeds.delete(topic);
      if (feed.retry) clearTimeout(feed.retry);
      this.pubsub.unsubscribe(this.channel(topic)).catch(() => {});
      this.reader.wake();
    };
  }

  /**
   * Compacts, then trims the stream to the entry that was last before the compaction's load: a
   * reader behind it sees the gap at that entry (its `p`) and catches up from the store. Redis is
   * waited for at most COMPACTION_REDIS_MS (no answer: no trim; the stream stays bounded by its
   * MAXLEN), and the trim is not waited for: commands on one connection run in order anyway.
   */
  async compacted(topic: string, compact: () => Promise<void>): Promise<void> {
    const key = this.streamKey(topic);
    const last = this.healthy() ? await within(this.commands.xrevrange(key, '+', '-', 'COUNT', 1), COMPACTION_REDIS_MS).catch(() => []) : [];
    await compact();
    if (last[0]) this.commands.xtrim(key, 'MINID', last[0][0]).catch(() => {});
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.pings);
    await this.reader.close();
    this.pubsub.disconnect();
    if (this.healthy()) await this.commands.quit().catch(() => {}); // else nothing to say goodbye to
    this.commands.disconnect();
  }
}

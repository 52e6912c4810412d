// The fan-out seam of the rooms: a room publishes each stored update and each awareness message on
// its topic, and the broker delivers them to the room's own connections and, with several servers
// (redis-broker.ts), to the same document's room on every other server. In-process by default.
import { updateMessage } from './protocol';

/** Delivers a message; `senderId` is the connection it came from (not echoed to it), or null. */
export type Deliver = (message: Uint8Array, senderId: number | null) => void;

/**
 * Origin of what another server's room sent (updates and awareness): delivered to this room's
 * connections, never stored or published again.
 */
export const REMOTE = Symbol('draftroom:remote');

/** A room as its broker sees it. Only a broker that links servers uses more than `deliver`. */
export interface Member {
  /** Sends to this server's connections of the room. */
  deliver: Deliver;
  /** Applies another server's stored update to the room's doc (origin REMOTE). */
  applyUpdate(update: Uint8Array): void;
  /** Applies another server's awareness message to the room's awareness (origin REMOTE). */
  applyAwareness(message: Uint8Array): void;
  /** The awareness message of every state the room knows (answering another server's query). */
  awarenessOfAll(): Uint8Array | null;
  /** Loads the document from the store and applies it (origin REMOTE): closes any gap. */
  catchUp(): Promise<void>;
}

export interface Broker {
  readonly kind: 'local' | 'redis';
  /** False while the connection that links the servers is down (always true in-process). */
  healthy(): boolean;
  /** Fans out an update the store has durably appended. */
  publishUpdate(topic: string, update: Uint8Array, senderId: number | null): void;
  /** Fans out an awareness message (ephemeral: nothing stored). */
  publish(topic: string, message: Uint8Array, senderId: number | null): void;
  /** Returns the unsubscribe function. */
  subscribe(topic: string, member: Member): () => void;
  /** Runs a compaction of the topic's document (and trims what the broker keeps of it). */
  compacted(topic: string, compact: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

/** Fan-out within this process. */
export class LocalBroker implements Broker {
  readonly kind = 'local' as const;
  private topics = new Map<string, Set<Deliver>>();

  healthy(): boolean {
    return true;
  }

  publishUpdate(topic: string, update: Uint8Array, senderId: number | null): void {
    if (this.topics.has(topic)) this.publish(topic, updateMessage(update), senderId);
  }

  publish(topic: string, message: Uint8Array, senderId: number | null): void {
    for (const deliver of this.topics.get(topic) ?? []) deliver(message, senderId);
  }

  subscribe(topic: string, { deliver }: Member): () => void {
    let subscribers = this.topics.get(topic);
    if (!subscribers) this.topics.set(topic, (subscribers = new Set()));
    subscribers.add(deliver);
    return () => {
      subscribers.delete(deliver);
      if (subscribers.size === 0 && this.topics.get(topic) === subscribers) this.topics.delete(topic);
    };
  }

  compacted(_topic: string, compact: () => Promise<void>): Promise<void> {
    return compact();
  }

  async close(): Promise<void> {}
}

// The fan-out seam of the rooms: a room publishes each message on its topic and delivers what
// its subscription receives to its own connections. In-process now; Redis pub/sub could replace it.

/** Delivers a message; `senderId` is the connection it came from (not echoed to it), or null. */
export type Deliver = (message: Uint8Array, senderId: number | null) => void;

export interface Broker {
  readonly kind: 'local' | 'redis';
  /** False while the broker cannot reach the other servers (GET /healthz says so). */
  healthy(): boolean;
  publish(topic: string, message: Uint8Array, senderId: number | null): void;
  /** Returns the unsubscribe function. */
  subscribe(topic: string, deliver: Deliver): () => void;
}

/** Fan-out within this process. */
export class LocalBroker implements Broker {
  readonly kind = 'local' as const;
  private topics = new Map<string, Set<Deliver>>();

  healthy(): boolean {
    return true;
  }

  publish(topic: string, message: Uint8Array, senderId: number | null): void {
    for (const deliver of this.topics.get(topic) ?? []) deliver(message, senderId);
  }

  subscribe(topic: string, deliver: Deliver): () => void {
    let subscribers = this.topics.get(topic);
    if (!subscribers) this.topics.set(topic, (subscribers = new Set()));
    subscribers.add(deliver);
    return () => {
      subscribers.delete(deliver);
      if (subscribers.size === 0 && this.topics.get(topic) === subscribers) this.topics.delete(topic);
    };
  }
}

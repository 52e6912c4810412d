// The y-websocket wire protocol as tiny explicit message handlers, in the style of y-protocols:
// each top-level message type (sync, awareness, query-awareness) reads its payload and may reply.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import * as authProtocol from 'y-protocols/auth';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';

export const messageSync = 0;
export const messageAwareness = 1;
export const messageAuth = 2;
export const messageQueryAwareness = 3;

/** A message this server cannot accept; the connection that sent it is closed. */
export class ProtocolError extends Error {}

/** What a handler may touch: the room's document and awareness, and the sender as origin. */
export interface MessageContext {
  doc: Y.Doc;
  awareness: awarenessProtocol.Awareness;
  origin: unknown;
  /**
   * Decides whether the sender may apply a (decodable) update: null, or why not. A refused
   * update is dropped and the sender gets y-protocols' permission-denied message with the reason.
   */
  admit?: (update: Uint8Array) => string | null;
  /**
   * The part of an awareness update the sender may make (see awareness-guard.ts), or null for
   * none; left out, the update is applied as it is.
   */
  admitAwareness?: (update: Uint8Array) => Uint8Array | null;
  /** Applies an admitted update to the doc (the room keeps the client's bytes); left out, Y.applyUpdate with `origin`. */
  apply?: (update: Uint8Array, kind: UpdateKind) => void;
}

type MessageHandler = (decoder: decoding.Decoder, ctx: MessageContext) => Uint8Array | null;

/** Which sync message carried a client's update. */
export type UpdateKind = 'step2' | 'update';

/**
 * Applies a client's Yjs update once the sender may make it (`admit`, which applies it to a
 * shadow first and so throws for bytes that are no update); returns the permission-denied reply
 * when not. Without `admit` the update is decoded first, so garbage never reaches the doc.
 */
function applyClientUpdate(update: Uint8Array, kind: UpdateKind, ctx: MessageContext): Uint8Array | null {
  if (!ctx.admit) {
    try {
      Y.decodeUpdate(update);
    } catch (err) {
      throw new ProtocolError(`undecodable Yjs update (${(err as Error).message})`);
    }
  }
  const refusal = ctx.admit?.(update);
  if (refusal) return permissionDeniedMessage(refusal);
  try {
    if (ctx.apply) ctx.apply(update, kind);
    else Y.applyUpdate(ctx.doc, update, ctx.origin);
  } catch (err) {
    throw new ProtocolError(`Yjs update cannot be applied (${(err as Error).message})`);
  }
  return null;
}

/** Whether `message` is a sync step 2 or update: a client's edits, nothing to answer (one-byte varints). */
export function isClientUpdate(message: Uint8Array): boolean {
  return message[0] === messageSync && (message[1] === syncProtocol.messageYjsSyncStep2 || message[1] === syncProtocol.messageYjsUpdate);
}

const handleSync: MessageHandler = (decoder, ctx) => {
  const type = decoding.readVarUint(decoder);
  switch (type) {
    case syncProtocol.messageYjsSyncStep1: {
      const stateVector = decoding.readVarUint8Array(decoder);
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, messageSync);
      syncProtocol.writeSyncStep2(encoder, ctx.doc, stateVector);
      return encoding.toUint8Array(encoder);
    }
    case syncProtocol.messageYjsSyncStep2:
      return applyClientUpdate(decoding.readVarUint8Array(decoder), 'step2', ctx);
    case syncProtocol.messageYjsUpdate:
      return applyClientUpdate(decoding.readVarUint8Array(decoder), 'update', ctx);
    default:
      throw new ProtocolError(`unknown sync message type ${type}`);
  }
};

const handleAwareness: MessageHandler = (decoder, ctx) => {
  const update = decoding.readVarUint8Array(decoder);
  try {
    const admitted = ctx.admitAwareness ? ctx.admitAwareness(update) : update;
    if (admitted) awarenessProtocol.applyAwarenessUpdate(ctx.awareness, admitted, ctx.origin);
  } catch (err) {
    throw new ProtocolError(`malformed awareness update (${(err as Error).message})`);
  }
  return null;
};

const handleQueryAwareness: MessageHandler = (_decoder, ctx) =>
  awarenessMessage(ctx.awareness, Array.from(ctx.awareness.getStates().keys()));

const handlers: Record<number, MessageHandler> = {
  [messageSync]: handleSync,
  [messageAwareness]: handleAwareness,
  [messageQueryAwareness]: handleQueryAwareness,
};

/**
 * Handles one incoming message; returns the reply to send back, if any. Throws ProtocolError
 * (or lib0's decoding errors, which callers treat alike) for anything malformed.
 */
export function handleMessage(message: Uint8Array, ctx: MessageContext): Uint8Array | null {
  const decoder = decoding.createDecoder(message);
  const type = decoding.readVarUint(decoder);
  const handler = handlers[type];
  if (!handler) throw new ProtocolError(`unknown message type ${type}`);
  return handler(decoder, ctx);
}

/** Sync step 1: the server's state vector, asking the client for what it lacks. */
export function syncStep1Message(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageSync);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/** A document update to fan out. */
export function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageSync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** The awareness states of `clients`. */
export function awarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageAwareness);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}

/** y-protocols' auth message "permission denied": y-websocket's provider logs the reason. */
export function permissionDeniedMessage(reason: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageAuth);
  authProtocol.writePermissionDenied(encoder, reason);
  return encoding.toUint8Array(encoder);
}

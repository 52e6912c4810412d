// HTTP upgrade routing: `/collab/<documentId>` becomes a WebSocket in that document's room once
// `authorize` has let the request in (401 without a session, 404 for an unknown document or one
// of another group); every refusal is a plain HTTP answer before any WebSocket handshake.
import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { Connection, type ConnectionAccess } from './connection';
import type { Rooms } from './rooms';

const COLLAB_PATH = /^\/collab\/([^/?#]+)\/?(?:\?.*)?$/;

/** The document id of a collab URL, or null when the URL is not one. */
export function collabDocumentId(url: string | undefined): string | null {
  const match = COLLAB_PATH.exec(url ?? '');
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

/** Answers an upgrade request with a plain HTTP error and closes the socket. */
export function refuseUpgrade(socket: Duplex, status: number): void {
  if (socket.writable) {
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }
  socket.destroy();
}

/** Who may open document `documentId`: their access, or the HTTP status that refuses them. */
export type Authorize = (req: IncomingMessage, documentId: string) => Promise<ConnectionAccess | number>;

export interface CollabUpgradeOptions {
  rooms: Rooms;
  authorize: Authorize;
  maxMessageBytes: number;
  /** Bytes sent to a connection and left unread past which it is dropped (connection.ts DEFAULT_MAX_UNREAD_BYTES). */
  maxUnreadBytes?: number;
  log: (line: string) => void;
}

/** The server's 'upgrade' listener, and the WebSocketServer behind it (to close on shutdown). */
export function collabUpgrade({ rooms, authorize, maxMessageBytes, maxUnreadBytes, log }: CollabUpgradeOptions) {
  // maxPayload: ws closes a connection whose message is larger with 1009 (message too big).
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', (err) => log(`collab: upgrade socket error: ${err.message}`));
    const id = collabDocumentId(req.url);
    if (id === null) return refuseUpgrade(socket, 404);
    let access: ConnectionAccess | undefined;
    authorize(req, id).then((granted) => {
      if (typeof granted === 'number') {
        refuseUpgrade(socket, granted);
        return undefined;
      }
      access = granted;
      return rooms.acquire(id);
    }).then(
      (room) => {
        const who = access;
        if (!who) return; // refused above
        if (!room) return refuseUpgrade(socket, 404);
        let held = true;
        const release = () => {
          if (held) room.release();
          held = false;
        };
        socket.once('close', release);
        if (socket.destroyed) return release();
        wss.handleUpgrade(req, socket, head, (ws) => {
          room.join(new Connection(ws, who, maxUnreadBytes));
          release();
        });
      },
      (err) => {
        log(`collab ${id}: cannot open room: ${(err as Error).message}`);
        refuseUpgrade(socket, 500);
      },
    );
  }

  return { wss, onUpgrade };
}

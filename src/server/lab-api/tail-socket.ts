import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { tailEventOf } from '../cloudflare-api/tail-event';
import { matches } from '../cloudflare-api/tail-filters';
import { sweepTails, tailSessions } from '../cloudflare-api/tail-registry';
import { acceptWebSocket } from './websocket';

/**
 * The WebSocket end of `wrangler tail`: `GET /api/sandboxes/{id}/tail-sockets/{tailId}` upgraded with the
 * `trace-v1` protocol. Each run of the tailed Worker is sent as one JSON trace event, as the platform
 * sends them. The tail id (returned by POST …/tails to the token holder) is the credential.
 */
const PATH = /^\/api\/sandboxes\/([^/]+)\/tail-sockets\/([0-9a-f]{36})$/;
const PROTOCOL = 'trace-v1';

function refuse(socket: Duplex, status: number, message: string) {
  socket.end(`HTTP/1.1 ${status} ${message}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`);
}

/** Handles an HTTP upgrade if it is a tail socket; returns false for other paths (the caller refuses them). */
export function handleTailUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
  const path = new URL(request.url ?? '/', 'http://x').pathname;
  const match = PATH.exec(path);
  if (!match) return false;
  sweepTails();
  const session = tailSessions().get(match[2]!);
  if (!session) {
    refuse(socket, 404, 'Not Found');
    return true;
  }
  const offered = String(request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  if (!offered.includes(PROTOCOL)) {
    refuse(socket, 400, 'Bad Request');
    return true;
  }
  void head; // a client sends nothing before the handshake completes
  const ws = acceptWebSocket(request, socket, PROTOCOL);
  if (!ws) return true;
  const unsubscribe = session.subscribe((run) => {
    if (run.script !== session.script || !ws.open) return;
    const event = tailEventOf(run, session.versionId);
    if (matches(session.filters, event)) ws.send(JSON.stringify(event));
  });
  const previous = session.close;
  session.close = () => {
    previous?.();
    ws.close(1000, 'Tail deleted');
  };
  const expiry = setTimeout(() => ws.close(1000, 'Tail expired'), Math.max(0, session.expiresAt - Date.now()));
  ws.onClose(() => (clearTimeout(expiry), unsubscribe()));
  return true;
}

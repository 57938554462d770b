import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * A minimal server side of RFC 6455 for the live-tail stream: the server sends text frames and answers
 * pings and closes. Written here rather than with `ws` because wrangler's tail client sends its first
 * message unmasked (`mask: false`), which Cloudflare accepts and `ws` refuses (close 1002).
 */
export interface TextSocket {
  send(text: string): void;
  close(code?: number, reason?: string): void;
  readonly open: boolean;
  onClose(listener: () => void): void;
}

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const MAX_FRAME = 64 * 1024;

function frame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0x80 | opcode, len]) : len < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (len >= 126 && len < 65536) (head[0] = 0x80 | opcode, (head[1] = 126), head.writeUInt16BE(len, 2));
  else if (len >= 65536) (head[0] = 0x80 | opcode, (head[1] = 127), head.writeBigUInt64BE(BigInt(len), 2));
  return Buffer.concat([head, payload]);
}

/** Completes the handshake (the caller has checked path and protocol) and returns the socket. */
export function acceptWebSocket(request: IncomingMessage, socket: Duplex, protocol: string): TextSocket | null {
  const key = request.headers['sec-websocket-key'];
  if (typeof key !== 'string' || request.headers['sec-websocket-version'] !== '13' || !/websocket/i.test(String(request.headers.upgrade))) {
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    return null;
  }
  const accept = createHash('sha1').update(key + GUID).digest('base64');
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: ${protocol}\r\n\r\n`);
  let open = true;
  const closeListeners: Array<() => void> = [];
  const finish = () => {
    if (!open) return;
    open = false;
    for (const l of closeListeners) l();
  };
  const close = (code = 1000, reason = '') => {
    if (!open) return;
    const payload = Buffer.alloc(2 + Buffer.byteLength(reason));
    payload.writeUInt16BE(code, 0);
    payload.write(reason, 2);
    socket.end(frame(0x8, payload));
    finish();
  };
  let buffered = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.length >= 2) {
      const opcode = buffered[0]! & 0x0f;
      const masked = (buffered[1]! & 0x80) !== 0;
      let len = buffered[1]! & 0x7f;
      let offset = 2;
      if (len === 126) {
        if (buffered.length < 4) return;
        len = buffered.readUInt16BE(2);
        offset = 4;
      } else if (len === 127) {
        if (buffered.length < 10) return;
        const big = buffered.readBigUInt64BE(2);
        if (big > BigInt(MAX_FRAME)) return close(1009, 'Message too big');
        len = Number(big);
        offset = 10;
      }
      if (len > MAX_FRAME) return close(1009, 'Message too big');
      const mask = masked ? buffered.subarray(offset, offset + 4) : null;
      if (masked) offset += 4;
      if (buffered.length < offset + len) return;
      const payload = Buffer.from(buffered.subarray(offset, offset + len));
      if (mask) for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
      buffered = buffered.subarray(offset + len);
      if (opcode === 0x8) return close(payload.length >= 2 ? payload.readUInt16BE(0) : 1000);
      if (opcode === 0x9 && open) socket.write(frame(0xa, payload));
      // Text, binary and pong frames from the client carry nothing the lab needs.
    }
  });
  socket.on('close', finish);
  socket.on('error', () => (socket.destroy(), finish()));
  return {
    send: (text) => void (open && socket.write(frame(0x1, Buffer.from(text)))),
    close,
    get open() {
      return open;
    },
    onClose: (listener) => void closeListeners.push(listener),
  };
}

/**
 * A WebSocket client at the byte level, for the viewers that only count: a hand-written upgrade
 * handshake, then a walk over frame headers that never copies or decodes a payload. A thousand of
 * these cost the load generator almost nothing, so the server is what the figures measure.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';

/** Bytes of a text payload kept to classify the frame (`{"type":"output"` …). */
const prefixBytes = 16;
/** Of any other text frame, enough to tell a snapshot or a status event by its name. */
const otherPrefixBytes = 64;
const outputPrefix = '{"type":"output"';

export interface FrameEvents {
  onOutput(payloadBytes: number): void;
  /** A text frame other than output, with up to its first 64 characters. */
  onOtherText(prefix: string): void;
  onClose(code: number | null): void;
  /** The server's keep-alive: it cuts off a peer that does not answer with a pong. */
  onPing(payload: Buffer): void;
}

/** Walks WebSocket frames (server → client, unmasked) across arbitrary chunk boundaries. */
export class FrameWalker {
  private readonly head = Buffer.alloc(14);
  private headLength = 0;
  private remaining = 0;
  private opcode = 0;
  private length = 0;
  private prefix = '';

  constructor(private readonly events: FrameEvents) {}

  push(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - i);
        for (let kept = 0; kept < take; ) {
          const want = this.prefixLimit() - this.prefix.length;
          if (want <= 0) break;
          const n = Math.min(want, take - kept);
          this.prefix += chunk.toString('latin1', i + kept, i + kept + n);
          kept += n;
        }
        i += take;
        this.remaining -= take;
        if (this.remaining === 0) this.finishFrame();
        continue;
      }
      this.head[this.headLength++] = chunk[i++]!;
      if (this.headLength >= 2 && this.headLength === headerSize(this.head)) this.startFrame();
    }
  }

  /** Control frames (close, ping) are at most 125 bytes and are kept whole; output frames only to be told apart. */
  private prefixLimit(): number {
    if (this.opcode >= 8) return 125;
    if (this.prefix.length < prefixBytes || this.prefix.startsWith(outputPrefix)) return prefixBytes;
    return otherPrefixBytes;
  }

  private startFrame(): void {
    const head = this.head;
    const len7 = head[1]! & 0x7f;
    this.opcode = head[0]! & 0x0f;
    this.length = len7 === 126 ? head.readUInt16BE(2) : len7 === 127 ? Number(head.readBigUInt64BE(2)) : len7;
    this.headLength = 0;
    this.prefix = '';
    this.remaining = this.length;
    if (this.length === 0) this.finishFrame();
  }

  private finishFrame(): void {
    if (this.opcode === 8) {
      const code = this.prefix.length >= 2 ? this.prefix.charCodeAt(0) * 256 + this.prefix.charCodeAt(1) : null;
      this.events.onClose(code);
    } else if (this.opcode === 9) {
      this.events.onPing(Buffer.from(this.prefix, 'latin1'));
    } else if (this.opcode === 1 || this.opcode === 0) {
      if (this.prefix.startsWith(outputPrefix)) this.events.onOutput(this.length);
      else this.events.onOtherText(this.prefix);
    }
  }
}

function headerSize(head: Buffer): number {
  const len7 = head[1]! & 0x7f;
  const masked = (head[1]! & 0x80) !== 0;
  return 2 + (len7 === 126 ? 2 : len7 === 127 ? 8 : 0) + (masked ? 4 : 0);
}

/** A client → server pong (client frames are masked, RFC 6455 §5.3). */
export function pongFrame(payload: Buffer): Buffer {
  const mask = randomBytes(4);
  const frame = Buffer.alloc(6 + payload.length);
  frame[0] = 0x8a;
  frame[1] = 0x80 | payload.length;
  mask.copy(frame, 2);
  for (let i = 0; i < payload.length; i += 1) frame[6 + i] = payload[i]! ^ mask[i % 4]!;
  return frame;
}

export interface RawSocketHandle {
  socket: net.Socket;
  /** Resolves with the bytes after the handshake response, or rejects with the reason. */
  opened: Promise<Buffer>;
}

/** Connects and performs the upgrade handshake; the caller attaches its data handler after `opened`. */
export function connectRaw(url: string, headers: Record<string, string>): RawSocketHandle {
  const { hostname, port, pathname } = new URL(url);
  const socket = net.connect({ host: hostname, port: Number(port), noDelay: true });
  const opened = new Promise<Buffer>((resolve, reject) => {
    let received = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf('\r\n\r\n');
      if (end === -1) return;
      socket.off('data', onData);
      socket.off('error', reject);
      const statusLine = received.toString('latin1', 0, received.indexOf('\r\n'));
      if (!/^HTTP\/1\.1 101 /.test(statusLine)) {
        socket.destroy();
        return reject(new Error(statusLine));
      }
      resolve(received.subarray(end + 4));
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.once('close', () => reject(new Error('closed during handshake')));
  });
  opened.catch(() => {});
  const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  socket.write(
    `GET ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`,
  );
  return { socket, opened };
}

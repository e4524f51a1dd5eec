/**
 * Experiment preload (bench/scenarios/experiments.ts), never part of a normal run: makes every
 * `ws` send of a string hand over one Buffer per distinct frame instead of the string, which is
 * what issue 6 asks of the relay ("serialise each frame once into a Buffer and hand that same
 * Buffer to every viewer's send as a text frame"). Our hub (bff/relay/hub.ts) sends the JSON
 * string, so `ws` measures and UTF-8-encodes it again for every socket. Loaded with
 * `--import` into our server, this measures what the change would buy without editing it.
 */
import { createRequire } from 'node:module';

type Send = (data: unknown, options?: unknown, cb?: unknown) => void;

const require = createRequire(import.meta.url);
const WebSocket = require('ws') as { prototype: { send: Send } };
const originalSend = WebSocket.prototype.send;
let lastText: string | null = null;
let lastBuffer: Buffer | null = null;

WebSocket.prototype.send = function send(this: unknown, data: unknown, options?: unknown, cb?: unknown): void {
  // Small frames (status, resize) are not worth it; output frames are the fan-out.
  if (typeof data !== 'string' || data.length < 256) return originalSend.call(this, data, options, cb);
  if (data !== lastText) {
    lastText = data;
    lastBuffer = Buffer.from(data);
  }
  const callback = typeof options === 'function' ? options : cb;
  const rest = typeof options === 'object' && options !== null ? options : {};
  return originalSend.call(this, lastBuffer, { ...rest, binary: false }, callback);
};

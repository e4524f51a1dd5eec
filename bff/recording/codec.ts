/**
 * How a recording is stored and exported (DESIGN.md §14). A chunk is gzip-compressed NDJSON, one
 * `[ms, "o"|"r", data]` event a line, ms counted from the recording's start; a keyframe is gzip
 * JSON `{data, cols, rows}`. The cast export turns the same events into asciicast v2 lines.
 * Compression runs in libuv's thread pool (node:zlib async), never on the session's event loop turn,
 * at gzip's fastest level: on the demo router's debug output it costs half of level 6 (1.9 against
 * 4.2 ms per MB on the bench machine) for chunks of 8.4 % of the output instead of 7.4 %, and on
 * show tech-support the same 0.9 %. Recordings are written all the time and read rarely.
 */
import { promisify } from 'node:util';
import { constants, gunzip, gzip, type ZlibOptions } from 'node:zlib';
import type { RecordingEvent, RecordingKeyframe } from '../../protocol/index.js';

const gzipAsync = promisify<Buffer, ZlibOptions, Buffer>(gzip);
const fastest: ZlibOptions = { level: constants.Z_BEST_SPEED };
const yieldBytes = 64 * 1024;
const gunzipAsync = promisify(gunzip);

/**
 * `outputBytes` (the UTF-8 size of the events' data, when known) sizes the buffer. The NDJSON is
 * encoded line by line into one buffer outside the JS heap: a chunk's text as one string is a
 * megabyte-size allocation per chunk, and those made the garbage collector work for every chunk.
 * It yields to the event loop every `yieldBytes`, so packing a chunk never holds up live output
 * for more than a fraction of a millisecond.
 */
export async function packEvents(events: readonly RecordingEvent[], outputBytes = 0): Promise<Buffer> {
  let buffer = Buffer.allocUnsafe(Math.ceil(outputBytes * 1.25) + 64 * events.length + 1024);
  let used = 0;
  let sinceYield = 0;
  for (const [ms, type, data] of events) {
    if (sinceYield >= yieldBytes) {
      sinceYield = 0;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    // The same line JSON.stringify(event) gives, without walking the array generically.
    const line = `[${ms},"${type}",${JSON.stringify(data)}]\n`;
    // A UTF-16 unit is at most 3 bytes of UTF-8: room for that, without measuring the line first.
    const needed = used + 3 * line.length;
    if (needed > buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, buffer.length * 2));
      buffer.copy(grown, 0, 0, used);
      buffer = grown;
    }
    const written = buffer.write(line, used, 'utf8');
    used += written;
    sinceYield += written;
  }
  return gzipAsync(buffer.subarray(0, used), fastest);
}

export async function unpackEvents(data: Uint8Array): Promise<RecordingEvent[]> {
  const text = (await gunzipAsync(data)).toString('utf8');
  const events: RecordingEvent[] = [];
  for (const line of text.split('\n')) if (line !== '') events.push(JSON.parse(line) as RecordingEvent);
  return events;
}

export const packKeyframe = (keyframe: RecordingKeyframe): Promise<Buffer> => gzipAsync(Buffer.from(JSON.stringify(keyframe), 'utf8'), fastest);

export async function unpackKeyframe(data: Uint8Array): Promise<RecordingKeyframe> {
  return JSON.parse((await gunzipAsync(data)).toString('utf8')) as RecordingKeyframe;
}

export interface CastHeaderFields {
  cols: number;
  rows: number;
  startedAt: number;
  durationMs: number;
  title: string;
}

/** The asciicast v2 header line: https://docs.asciinema.org/manual/asciicast/v2/ */
export function castHeader(h: CastHeaderFields): string {
  const header = {
    version: 2,
    width: h.cols,
    height: h.rows,
    timestamp: Math.floor(h.startedAt / 1000),
    duration: h.durationMs / 1000,
    title: h.title,
    env: { TERM: 'xterm-256color' },
  };
  return `${JSON.stringify(header)}\n`;
}

/** `[seconds, "o"|"r", data]`: asciicast times are seconds (a float) since the start. */
export function castLines(events: readonly RecordingEvent[]): string {
  let text = '';
  for (const [ms, type, data] of events) text += `${JSON.stringify([ms / 1000, type, data])}\n`;
  return text;
}

/** The longest prefix of `text` that is at most `maxBytes` of UTF-8, cut between characters. */
export function utf8Prefix(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = Math.max(0, maxBytes);
  // Step back over continuation bytes (10xxxxxx) to the start of the character cut in two.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end -= 1;
  return bytes.subarray(0, end).toString('utf8');
}

/** Splits `text` into pieces of at most `maxChars` UTF-16 units, never inside a surrogate pair. */
export function splitText(text: string, maxChars: number): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + maxChars);
    const code = text.charCodeAt(end - 1);
    if (end < text.length && code >= 0xd800 && code <= 0xdbff) end -= 1;
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

/**
 * Reads the bench device's stamped lines out of a viewer's output stream. `debug ip packet` lines
 * look like `*<epochMs> seq=<n> IP: …\r\n` (bff/ssh/demoOutput.ts debugPacketLine); a frame may end
 * in the middle of a line, so the unfinished tail is carried to the next frame.
 */
export interface StampedLine {
  stampMs: number;
  seq: number;
}

export class DebugLineReader {
  private carry = '';
  private lastSeq: number | null = null;
  lines = 0;
  lostLines = 0;

  /** Feeds one frame's data; calls `onLine` for every complete stamped line in it. */
  push(data: string, onLine: (line: StampedLine) => void): void {
    const text = this.carry === '' ? data : this.carry + data;
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      if (text.charCodeAt(start) === 42 /* '*' */) {
        const line = parseStamped(text, start, end);
        if (line) {
          this.countSeq(line.seq);
          onLine(line);
        }
      }
      start = end + 1;
    }
    this.carry = text.slice(start);
  }

  private countSeq(seq: number): void {
    this.lines += 1;
    // A new `debug ip packet` restarts at seq 0: only forward jumps are losses.
    if (this.lastSeq !== null && seq > this.lastSeq + 1) this.lostLines += seq - this.lastSeq - 1;
    this.lastSeq = seq;
  }
}

/** Parses `*<digits> seq=<digits>` at `start` without allocating substrings. */
function parseStamped(text: string, start: number, end: number): StampedLine | null {
  let i = start + 1;
  let stampMs = 0;
  for (let c = text.charCodeAt(i); c >= 48 && c <= 57 && i < end; c = text.charCodeAt(++i)) stampMs = stampMs * 10 + (c - 48);
  if (!text.startsWith(' seq=', i)) return null;
  i += 5;
  let seq = 0;
  const digitsFrom = i;
  for (let c = text.charCodeAt(i); c >= 48 && c <= 57 && i < end; c = text.charCodeAt(++i)) seq = seq * 10 + (c - 48);
  return i > digitsFrom ? { stampMs, seq } : null;
}

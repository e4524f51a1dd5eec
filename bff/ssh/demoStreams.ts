/** The two kinds of unbounded output the demo router produces, each held within bounds. */
import { debugPacketLine } from './demoOutput.js';

export const streamLimits = {
  /** Most bytes one timer tick of `debug ip packet` writes, however late the timer ran. */
  maxDebugBatchBytes: 1024 * 1024,
  debugTickMs: 10,
} as const;

/** Where the debug stream writes: `blocked` while the SSH channel pushes back. */
export interface DebugSink {
  readonly blocked: boolean;
  send(text: string): void;
}

/**
 * `debug ip packet`: lines stamped with the router's clock at `bytesPerSecond`, until stopped.
 * Credit follows elapsed time (a late timer does not lower the rate) but never exceeds a second's
 * worth, one tick writes at most `maxDebugBatchBytes`, and nothing is written while the channel
 * pushes back (a slow reader does not make the router buffer without bound).
 */
export class DebugStream {
  private seq = 0;
  private credit = 0;
  private last = performance.now();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly sink: DebugSink,
    readonly bytesPerSecond: number,
  ) {
    this.timer = setInterval(() => this.tick(), streamLimits.debugTickMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private tick(): void {
    try {
      this.produce();
    } catch {
      // A timer callback that throws would end the router process; ending the stream is enough.
      this.stop();
    }
  }

  private produce(): void {
    const now = performance.now();
    this.credit = Math.min(this.credit + ((now - this.last) * this.bytesPerSecond) / 1000, this.bytesPerSecond);
    this.last = now;
    if (this.sink.blocked) return;
    const parts: string[] = [];
    let bytes = 0;
    while (this.credit > 0 && bytes < streamLimits.maxDebugBatchBytes) {
      const line = debugPacketLine(this.seq++, Date.now());
      parts.push(line);
      bytes += line.length;
      this.credit -= line.length;
    }
    if (parts.length > 0) this.sink.send(parts.join(''));
  }
}

export type FilterKind = 'begin' | 'count' | 'exclude' | 'include';

/**
 * `show … | include text` and friends, on `\r\n` output that may arrive in chunks. The pattern is
 * matched as plain text (IOS takes a regular expression; a user's pattern here must not be able to
 * make the router backtrack for ever).
 */
export class OutputFilter {
  private begun = false;
  private matched = 0;
  private carry = '';

  constructor(
    private readonly kind: FilterKind,
    private readonly pattern: string,
  ) {}

  push(text: string): string {
    const lines = (this.carry + text).split('\r\n');
    this.carry = lines.pop()!;
    return lines.filter((line) => this.keep(line)).map((line) => `${line}\r\n`).join('');
  }

  /** What is left at the end: the last unterminated line, or the count. */
  finish(): string {
    const last = this.carry;
    this.carry = '';
    const tail = last !== '' && this.keep(last) ? last : '';
    return this.kind === 'count' ? `Number of lines which match regexp = ${this.matched}` : tail;
  }

  private keep(line: string): boolean {
    const hit = line.includes(this.pattern);
    switch (this.kind) {
      case 'include':
        return hit;
      case 'exclude':
        return !hit;
      case 'begin':
        this.begun ||= hit;
        return this.begun;
      case 'count':
        if (hit) this.matched += 1;
        return false;
    }
  }
}

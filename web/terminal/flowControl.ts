/**
 * Write-callback flow control for xterm.js: at most HIGH_WATERMARK_CHARS are handed to the parser
 * before it confirms them; the rest is queued and written as one chunk when it catches up. This
 * keeps a burst (a `show running-config` of a big router) from freezing the tab with thousands of
 * tiny pending writes, and bounds the memory a runaway stream can take.
 */

/** Above this many unconfirmed characters, new output waits in the queue. */
export const HIGH_WATERMARK_CHARS = 128 * 1024;
/** The queue is flushed once the parser is below this. */
export const LOW_WATERMARK_CHARS = 16 * 1024;
/** A queue larger than this is dropped (with a visible notice) rather than grow without bound. */
export const MAX_QUEUED_CHARS = 8 * 1024 * 1024;

const droppedNotice = '\x1b[0m\r\n\x1b[33m[output skipped: the terminal could not keep up]\x1b[0m\r\n';

export type WriteFn = (data: string, done: () => void) => void;

export class FlowControlledWriter {
  private inFlight = 0;
  private queue: string[] = [];
  private queued = 0;
  private disposed = false;

  constructor(private readonly writeToTerminal: WriteFn) {}

  /** Characters handed to the terminal and not yet parsed, plus those waiting (for tests). */
  get pendingChars(): number {
    return this.inFlight + this.queued;
  }

  write(data: string): void {
    if (this.disposed || data.length === 0) return;
    if (this.inFlight < HIGH_WATERMARK_CHARS && this.queue.length === 0) {
      this.send(data);
      return;
    }
    this.queue.push(data);
    this.queued += data.length;
    if (this.queued > MAX_QUEUED_CHARS) {
      this.queue = [droppedNotice];
      this.queued = droppedNotice.length;
    }
  }

  /** Drops output still waiting (it is stale, e.g. replaced by a replay after a reconnect). */
  discardQueued(): void {
    this.queue = [];
    this.queued = 0;
  }

  dispose(): void {
    this.disposed = true;
    this.queue = [];
    this.queued = 0;
  }

  private send(data: string): void {
    this.inFlight += data.length;
    this.writeToTerminal(data, () => {
      this.inFlight -= data.length;
      this.flush();
    });
  }

  private flush(): void {
    if (this.disposed || this.queue.length === 0 || this.inFlight > LOW_WATERMARK_CHARS) return;
    const chunk = this.queue.join('');
    this.queue = [];
    this.queued = 0;
    this.send(chunk);
  }
}

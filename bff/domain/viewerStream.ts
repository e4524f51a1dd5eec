/**
 * What viewers of a session see (DESIGN.md §12, §13), derived on the host from the owner's output:
 * secrets masked, nothing while sharing is paused (by the owner, or by itself at a secret prompt),
 * numbered by a seq of its own, and, when a share asks for it, kept in a headless screen that a
 * joining viewer gets as its first frame. The owner's own stream is not touched here.
 */
import type { PauseReason, SnapshotFrame } from '../../protocol/index.js';
import { OutputRedactor } from '../relay/redaction.js';
import { TerminalScreen } from '../relay/screen.js';
import { SecretPromptDetector, isEnter } from '../relay/secretPrompt.js';
import { RecentOutput } from './recentOutput.js';

/** Recent viewer-visible output, to seed a viewers' screen created after it was produced. */
const recentChars = 64 * 1024;
const recentKeepChars = 48 * 1024;

export interface SharingState {
  paused: boolean;
  since: number;
  /** Who paused or resumed; null when it happened by itself (a secret prompt, the Enter after it). */
  by: { user_id: string; email: string } | null;
  /** Why sharing is (or, after a resume, was) paused. */
  reason: PauseReason | null;
}

export interface ViewerStreamOptions {
  redact: boolean;
  autoPause: boolean;
  now: () => number;
  cols: number;
  rows: number;
  /** Viewer output, in order, with its seq. */
  emit: (data: string, seq: number) => void;
  /** Sharing paused or resumed (its status frame, store row and audit are the caller's). */
  onSharingChanged: (state: SharingState) => void;
  /** Values masked, for the metrics. */
  onMasked: (count: number) => void;
}

export class ViewerStream {
  seq = 0;
  private sharing: SharingState;
  private redactor: OutputRedactor | null;
  private readonly prompts = new SecretPromptDetector();
  private holdTimer: NodeJS.Timeout | null = null;
  private readonly recent = new RecentOutput(recentChars, recentKeepChars);
  private screen: TerminalScreen | null = null;
  private cols: number;
  private rows: number;

  constructor(private readonly o: ViewerStreamOptions) {
    this.redactor = o.redact ? new OutputRedactor() : null;
    this.sharing = { paused: false, since: o.now(), by: null, reason: null };
    this.cols = o.cols;
    this.rows = o.rows;
  }

  get state(): SharingState {
    return this.sharing;
  }

  /** The owner's output, as it is produced. */
  push(text: string): void {
    if (this.sharing.paused) return;
    this.send(this.redactor ? this.redactor.push(text) : { emit: text, masked: 0 });
    // Checked after the chunk went out: the prompt itself may be seen, nothing typed after it.
    if (this.o.autoPause && this.prompts.feed(text)) this.pause(null, 'password_prompt');
  }

  /** The owner's keyboard input: Enter after a secret prompt resumes sharing. */
  input(data: string): void {
    if (this.sharing.paused && this.sharing.reason === 'password_prompt' && isEnter(data)) this.resume(null);
  }

  pause(by: SharingState['by'], reason: PauseReason): void {
    if (this.sharing.paused) return;
    // What the redactor holds belongs to the time before the pause: out it goes.
    this.flushHeld();
    this.sharing = { paused: true, since: this.o.now(), by, reason };
    this.o.onSharingChanged(this.sharing);
  }

  resume(by: SharingState['by']): void {
    if (!this.sharing.paused) return;
    // The line in progress at the pause is unknown to viewers: start masking afresh.
    this.redactor = this.redactor ? new OutputRedactor() : null;
    // A resume carries the reason of the pause it ends (the audit says what was resumed).
    this.sharing = { paused: false, since: this.o.now(), by, reason: this.sharing.reason };
    this.o.onSharingChanged(this.sharing);
  }

  resize(cols: number, rows: number): void {
    this.cols = cols;
    this.rows = rows;
    this.screen?.resize(cols, rows);
  }

  /** Keeps (or drops) the headless viewers' screen; a new one starts from the recent viewer output. */
  keepScreen(keep: boolean): void {
    if (!keep) {
      this.screen?.dispose();
      this.screen = null;
      return;
    }
    if (this.screen) return;
    this.screen = new TerminalScreen({ cols: this.cols, rows: this.rows, scrollback: 0, seq: this.seq });
    if (this.recent.length > 0) this.screen.write(this.recent.text(), this.seq);
  }

  /** The viewers' current screen as a snapshot frame (creating the screen if none is kept). */
  async snapshot(): Promise<SnapshotFrame> {
    this.keepScreen(true);
    const shot = await this.screen!.snapshot();
    return { type: 'snapshot', data: shot.data, cols: shot.cols, rows: shot.rows, seq: shot.seq, timestamp: this.o.now() };
  }

  dispose(): void {
    this.flushHeld();
    this.keepScreen(false);
  }

  private send(result: { emit: string; masked: number }): void {
    if (result.masked > 0) this.o.onMasked(result.masked);
    if (result.emit.length > 0) {
      this.seq += 1;
      this.recent.push(result.emit);
      this.screen?.write(result.emit, this.seq);
      this.o.emit(result.emit, this.seq);
    }
    this.scheduleHoldFlush();
  }

  /** A held line tail goes out after the redactor's short bound, so latency stays bounded. */
  private scheduleHoldFlush(): void {
    if (!this.redactor?.holding || this.holdTimer) return;
    this.holdTimer = setTimeout(() => {
      this.holdTimer = null;
      if (!this.sharing.paused && this.redactor) this.send(this.redactor.flush());
    }, this.redactor.holdMs);
    this.holdTimer.unref();
  }

  private flushHeld(): void {
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.holdTimer = null;
    if (this.redactor?.holding && !this.sharing.paused) this.send(this.redactor.flush());
  }
}

/**
 * The owner's repaint on (re)connect (DESIGN.md §12): their own screen with its scrollback. The
 * recent raw output is always kept (RecentOutput); a headless screen exists only while no
 * owner socket is connected (the owner is away and will want their screen back) or while one is
 * being repainted, so a session whose owner is watching costs no terminal emulation.
 */
import type { SnapshotFrame } from '../../protocol/index.js';
import { TerminalScreen } from '../relay/screen.js';
import { RecentOutput } from './recentOutput.js';

const recentChars = 256 * 1024;
const recentKeepChars = 192 * 1024;
/** Lines of scrollback in the repaint. */
const scrollback = 1_000;

export class OwnerRepaint {
  private readonly recent = new RecentOutput(recentChars, recentKeepChars);
  private screen: TerminalScreen | null = null;
  private seq = 0;

  constructor(
    private cols: number,
    private rows: number,
  ) {}

  write(data: string, seq: number): void {
    this.seq = seq;
    this.recent.push(data);
    this.screen?.write(data, seq);
  }

  resize(cols: number, rows: number): void {
    this.cols = cols;
    this.rows = rows;
    this.screen?.resize(cols, rows);
  }

  /** Keeps a headless screen (seeded from the recent output) or drops it. */
  keep(keep: boolean): void {
    if (!keep) {
      this.screen?.dispose();
      this.screen = null;
    } else if (!this.screen) {
      this.screen = new TerminalScreen({ cols: this.cols, rows: this.rows, scrollback, seq: this.seq });
      if (this.recent.length > 0) this.screen.write(this.recent.text(), this.seq);
    }
  }

  async snapshot(now: number): Promise<SnapshotFrame> {
    this.keep(true);
    const shot = await this.screen!.snapshot();
    return { type: 'snapshot', data: shot.data, cols: shot.cols, rows: shot.rows, seq: shot.seq, timestamp: now };
  }

  dispose(): void {
    this.keep(false);
  }
}

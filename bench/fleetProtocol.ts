/** Messages between the runner and its viewer worker processes (child_process IPC). */
import type { HistogramData } from './histogram.js';

export interface ConnectCommand {
  cmd: 'connect';
  /** ws:// URL of the viewer socket. */
  url: string;
  headers: Record<string, string>;
  /** Viewers that parse every frame: latency, lost lines, lost frames. */
  full: number;
  /** Viewers that only walk frame headers and count bytes (cheap, so the server is what is measured). */
  count: number;
  /** Viewers that stop reading right after the handshake (isolation). */
  stalled: number;
  /** Connection attempts are spread evenly over this many ms (join storm); 0 = all at once. */
  spreadMs: number;
  /** Epoch ms the spread starts at, so several workers share one schedule. */
  startAt: number;
  /** Counting viewers read every this many ms instead of per frame (0 = per frame, e.g. join storm timing). */
  batchReadMs: number;
  /** Give up waiting for the first frame of every viewer after this long. */
  readyTimeoutMs: number;
}

export type WorkerCommand =
  | ConnectCommand
  | { cmd: 'measure'; on: boolean }
  /** Zeroes every counter and the latency histogram (between the phases of one scenario). */
  | { cmd: 'reset' }
  | { cmd: 'report' }
  /** Asks for the latest output arrival over all viewers (to wait until they are drained). */
  | { cmd: 'lastOutput' }
  | { cmd: 'exit' };

export interface ViewerStats {
  kind: 'full' | 'count' | 'stalled';
  /** Epoch ms: connect started, handshake done, first output frame, last output frame. */
  startedAt: number;
  openedAt: number | null;
  firstOutputAt: number | null;
  lastOutputAt: number | null;
  outputFrames: number;
  /** Output frames and their bytes inside the measuring window. */
  windowFrames: number;
  windowBytes: number;
  /** Bytes of output frame payloads (the JSON text as it arrived). */
  outputBytes: number;
  /** Characters of `data` (full viewers only). */
  outputChars: number;
  firstSeq: number | null;
  lastSeq: number | null;
  /** Frames missing from the `seq` sequence (full viewers only). */
  lostFrames: number;
  /** Debug lines received inside and outside the window, and gaps in their in-line seq. */
  lines: number;
  lostLines: number;
  closeCode: number | null;
  /** Epoch ms the snapshot frame arrived (shares with show_current_screen, DESIGN.md §12). */
  snapshotAt: number | null;
  /** The server said the snapshot could not be fetched in time (status snapshot_unavailable). */
  snapshotMissing: boolean;
  /** Why a connection failed before opening (HTTP status or socket error). */
  failure: string | null;
}

export interface WorkerReport {
  evt: 'report';
  viewers: ViewerStats[];
  latency: HistogramData;
  /** CPU seconds this worker used since it connected its viewers. */
  cpuSeconds: number;
  /** CPU seconds inside the last measuring window. */
  windowCpuSeconds: number;
}

export type WorkerEvent =
  /** Sent once the worker has loaded and listens for commands. */
  | { evt: 'ready' }
  | { evt: 'connected'; opened: number; failed: number; notReady: number; failures: string[] }
  | { evt: 'measuring'; on: boolean }
  | { evt: 'reset' }
  | { evt: 'lastOutput'; at: number }
  | WorkerReport;

/**
 * The read-only viewer socket (DESIGN.md §6). It has no way to send: keystrokes cannot reach the
 * session from here even by mistake.
 *
 * It may be opened before the terminal exists (the viewer route starts it while its code is still
 * loading, so the server's join and audit write overlap the download); frames that arrive before
 * `attach` wait in a bounded buffer and are replayed in order.
 *
 * Close codes decide reconnecting (protocol/closeCodes.ts `isRetryableClose`): a removed viewer
 * (4412) or an ended login (4401) never comes back by itself.
 */
import type { IDisposable } from '@xterm/xterm';
import { isRetryableClose } from '../../protocol/closeCodes.js';
import type { OutputFrame, ResizeFrame, SnapshotFrame, StatusFrame, ViewerFrame } from '../../protocol/frames.js';
import { ReconnectingSocket, parseTypedJson, type CloseInfo, type WebSocketLike } from './reconnectingSocket.js';
import type { TerminalController } from './terminalController.js';

/** Output kept while the terminal loads; older output is dropped, as if the viewer joined later. */
export const MAX_EARLY_OUTPUT_CHARS = 256 * 1024;

export interface ViewerSocketCallbacks {
  onOpen: () => void;
  onStatus: (frame: StatusFrame) => void;
  onOutput: (frame: OutputFrame) => void;
  /** After the terminal took the owner's size. */
  onResize?: (frame: ResizeFrame) => void;
  /** After the current screen (DESIGN.md §12) was handed to the terminal. */
  onSnapshot?: (frame: SnapshotFrame) => void;
  onClose: (info: CloseInfo) => void;
}

export interface ViewerConnection extends IDisposable {
  /** Starts delivering: replays what arrived so far, then goes live. Call once. */
  attach(controller: TerminalController, callbacks: ViewerSocketCallbacks): void;
  retryNow(): void;
}

type Early = { kind: 'open' } | { kind: 'frame'; frame: ViewerFrame } | { kind: 'close'; info: CloseInfo };

/** What arrived before `attach`, holding at most MAX_EARLY_OUTPUT_CHARS of output. */
class EarlyEvents {
  private events: Early[] = [];
  private outputChars = 0;

  push(event: Early): void {
    this.events.push(event);
    if (event.kind !== 'frame' || event.frame.type !== 'output') return;
    this.outputChars += event.frame.data.length;
    let droppedAt = -1;
    while (this.outputChars > MAX_EARLY_OUTPUT_CHARS) {
      const index = this.events.findIndex((item) => item.kind === 'frame' && item.frame.type === 'output');
      if (index < 0) break;
      const [dropped] = this.events.splice(index, 1);
      if (dropped?.kind === 'frame' && dropped.frame.type === 'output') this.outputChars -= dropped.frame.data.length;
      droppedAt = index;
    }
    // A current screen followed by a hole would be wrong; without it the viewer joined "later".
    if (droppedAt >= 0) this.events = this.events.filter((item, at) => at >= droppedAt || item.kind !== 'frame' || item.frame.type !== 'snapshot');
  }

  /** Everything kept so far, in order; the buffer is empty afterwards. */
  take(): Early[] {
    const events = this.events;
    this.events = [];
    this.outputChars = 0;
    return events;
  }
}

export function openViewerSocket(url: () => string, createSocket?: (url: string) => WebSocketLike): ViewerConnection {
  let target: { controller: TerminalController; callbacks: ViewerSocketCallbacks } | null = null;
  const early = new EarlyEvents();

  // Output already folded into this connection's snapshot is not written twice (DESIGN.md §12).
  let snapshotSeq: number | null = null;
  const deliver = (event: Early) => {
    if (!target) return early.push(event);
    const { controller, callbacks } = target;
    if (event.kind === 'open') {
      snapshotSeq = null;
      callbacks.onOpen();
    } else if (event.kind === 'close') {
      callbacks.onClose(event.info);
    } else if (event.frame.type === 'output' && snapshotSeq !== null && event.frame.seq <= snapshotSeq) {
      return;
    } else {
      if (event.frame.type === 'snapshot' && Number.isInteger(event.frame.seq)) snapshotSeq = event.frame.seq;
      deliverFrame(event.frame, controller, callbacks);
    }
  };

  const socket = new ReconnectingSocket<ViewerFrame>({
    url,
    // A structural guard instead of the zod schema keeps the viewer route's JS small.
    parse: parseTypedJson<ViewerFrame>,
    isRetryable: isRetryableClose,
    onOpen: () => {
      // Marks let the e2e run (and anyone with devtools) split first-output time into network and load.
      performance.mark('ns:viewer-socket-open');
      deliver({ kind: 'open' });
    },
    onClose: (info) => deliver({ kind: 'close', info }),
    onFrame: (frame) => deliver({ kind: 'frame', frame }),
    createSocket,
  });
  socket.connect();

  return {
    attach(controller, callbacks) {
      if (target) throw new Error('viewer socket already attached');
      target = { controller, callbacks };
      for (const event of early.take()) deliver(event);
    },
    retryNow: () => socket.retryNow(),
    dispose: () => {
      target = null;
      early.take();
      socket.dispose();
    },
  };
}

function deliverFrame(frame: ViewerFrame, controller: TerminalController, callbacks: ViewerSocketCallbacks): void {
  if (frame.type === 'output' && typeof frame.data === 'string') {
    controller.write(frame.data);
    callbacks.onOutput(frame);
  } else if (frame.type === 'resize' && validSize(frame)) {
    controller.resize(frame.cols, frame.rows);
    callbacks.onResize?.(frame);
  } else if (frame.type === 'snapshot' && typeof frame.data === 'string' && validSize(frame) && Number.isInteger(frame.seq)) {
    controller.showSnapshot(frame);
    callbacks.onSnapshot?.(frame);
  } else if (frame.type === 'status') {
    callbacks.onStatus(frame);
  }
}

function validSize(frame: { cols: unknown; rows: unknown }): frame is { cols: number; rows: number } {
  return Number.isInteger(frame.cols) && Number.isInteger(frame.rows) && (frame.cols as number) > 0 && (frame.rows as number) > 0;
}

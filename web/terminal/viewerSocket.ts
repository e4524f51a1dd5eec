/**
 * The read-only viewer socket (DESIGN.md §6). It has no way to send: keystrokes cannot reach the
 * session from here even by mistake.
 *
 * It may be opened before the terminal exists (the viewer route starts it while its code is still
 * loading, so the server's join and audit write overlap the download); frames that arrive before
 * `attach` wait in a bounded buffer and are replayed in order.
 */
import type { IDisposable } from '@xterm/xterm';
import { isRetryableClose } from '../../protocol/closeCodes.js';
import type { OutputFrame, StatusFrame, ViewerFrame } from '../../protocol/frames.js';
import { ReconnectingSocket, parseTypedJson, type CloseInfo, type WebSocketLike } from './reconnectingSocket.js';
import type { TerminalController } from './terminalController.js';

/** Output kept while the terminal loads; older output is dropped, as if the viewer joined later. */
export const MAX_EARLY_OUTPUT_CHARS = 256 * 1024;

export interface ViewerSocketCallbacks {
  onOpen: () => void;
  onStatus: (frame: StatusFrame) => void;
  onOutput: (frame: OutputFrame) => void;
  onClose: (info: CloseInfo) => void;
}

export interface ViewerConnection extends IDisposable {
  /** Starts delivering: replays what arrived so far, then goes live. Call once. */
  attach(controller: TerminalController, callbacks: ViewerSocketCallbacks): void;
  retryNow(): void;
}

type Early = { kind: 'open' } | { kind: 'frame'; frame: ViewerFrame } | { kind: 'close'; info: CloseInfo };

export function openViewerSocket(url: () => string, createSocket?: (url: string) => WebSocketLike): ViewerConnection {
  let target: { controller: TerminalController; callbacks: ViewerSocketCallbacks } | null = null;
  let early: Early[] = [];
  let earlyOutputChars = 0;

  const deliver = (event: Early) => {
    if (!target) return buffer(event);
    const { controller, callbacks } = target;
    if (event.kind === 'open') callbacks.onOpen();
    else if (event.kind === 'close') callbacks.onClose(event.info);
    else deliverFrame(event.frame, controller, callbacks);
  };

  const buffer = (event: Early) => {
    early.push(event);
    if (event.kind !== 'frame' || event.frame.type !== 'output') return;
    earlyOutputChars += event.frame.data.length;
    while (earlyOutputChars > MAX_EARLY_OUTPUT_CHARS) {
      const index = early.findIndex((item) => item.kind === 'frame' && item.frame.type === 'output');
      if (index < 0) break;
      const [dropped] = early.splice(index, 1);
      if (dropped?.kind === 'frame' && dropped.frame.type === 'output') earlyOutputChars -= dropped.frame.data.length;
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
      const replay = early;
      early = [];
      earlyOutputChars = 0;
      for (const event of replay) deliver(event);
    },
    retryNow: () => socket.retryNow(),
    dispose: () => {
      target = null;
      early = [];
      socket.dispose();
    },
  };
}

function deliverFrame(frame: ViewerFrame, controller: TerminalController, callbacks: ViewerSocketCallbacks): void {
  if (frame.type === 'output' && typeof frame.data === 'string') {
    controller.write(frame.data);
    callbacks.onOutput(frame);
  } else if (frame.type === 'resize' && Number.isInteger(frame.cols) && Number.isInteger(frame.rows)) {
    controller.resize(frame.cols, frame.rows);
  } else if (frame.type === 'status') {
    callbacks.onStatus(frame);
  }
}

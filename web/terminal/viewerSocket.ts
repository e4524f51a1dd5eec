/**
 * The read-only viewer socket (DESIGN.md §6). It has no way to send: keystrokes cannot reach the
 * session from here even by mistake. Output goes to the controller; everything else to callbacks.
 */
import type { IDisposable } from '@xterm/xterm';
import { isRetryableClose } from '../../protocol/closeCodes.js';
import type { ViewerFrame, StatusFrame, OutputFrame } from '../../protocol/frames.js';
import { ReconnectingSocket, parseTypedJson, type CloseInfo } from './reconnectingSocket.js';
import type { TerminalController } from './terminalController.js';

export interface ViewerSocketCallbacks {
  onOpen: () => void;
  onStatus: (frame: StatusFrame) => void;
  onOutput: (frame: OutputFrame) => void;
  onClose: (info: CloseInfo) => void;
}

export interface ViewerConnection extends IDisposable {
  retryNow(): void;
}

export function connectViewerTerminal(
  controller: TerminalController,
  url: () => string,
  callbacks: ViewerSocketCallbacks,
): ViewerConnection {
  const socket = new ReconnectingSocket<ViewerFrame>({
    url,
    // A structural guard instead of the zod schema keeps the viewer route's JS small.
    parse: parseTypedJson<ViewerFrame>,
    isRetryable: isRetryableClose,
    onOpen: callbacks.onOpen,
    onClose: callbacks.onClose,
    onFrame: (frame) => {
      if (frame.type === 'output' && typeof frame.data === 'string') {
        controller.write(frame.data);
        callbacks.onOutput(frame);
      } else if (frame.type === 'resize' && Number.isInteger(frame.cols) && Number.isInteger(frame.rows)) {
        controller.resize(frame.cols, frame.rows);
      } else if (frame.type === 'status') {
        callbacks.onStatus(frame);
      }
    },
  });
  socket.connect();
  return { dispose: () => socket.dispose(), retryNow: () => socket.retryNow() };
}

/**
 * The owner's terminal socket (DESIGN.md §4): relays keystrokes and size to the session and
 * receives output, status and `shares` updates. Wires a TerminalController to a
 * ReconnectingSocket; no React here.
 */
import type { IDisposable } from '@xterm/xterm';
import { isRetryableClose } from '../../protocol/closeCodes.js';
import { OwnerFrame, type ClientToServerFrame, type SharesFrame, type StatusFrame, type ViewerPresenceFrame } from '../../protocol/frames.js';
import { ReconnectingSocket, type CloseInfo } from './reconnectingSocket.js';
import type { TerminalController } from './terminalController.js';

/** Pastes are split so each input frame stays far below the server's payload limit. */
export const MAX_INPUT_CHUNK_CHARS = 4_096;

export interface OwnerSocketCallbacks {
  onShares: (frame: SharesFrame) => void;
  onStatus: (frame: StatusFrame) => void;
  /** DESIGN.md §13: a viewer started or stopped watching one of this session's shares. */
  onPresence?: (frame: ViewerPresenceFrame) => void;
  onOpen: () => void;
  onClose: (info: CloseInfo) => void;
}

function parseOwnerFrame(text: string): OwnerFrame | null {
  try {
    const result = OwnerFrame.safeParse(JSON.parse(text));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}

export function connectOwnerTerminal(
  controller: TerminalController,
  url: () => string,
  callbacks: OwnerSocketCallbacks,
): IDisposable {
  const send = (frame: ClientToServerFrame) => socket.send(JSON.stringify(frame));
  const sendSize = () => send({ type: 'resize', cols: controller.terminal.cols, rows: controller.terminal.rows });

  // The server's first output frame after every (re)connect is a replay of recent output.
  let nextOutputIsReplay = false;
  const socket = new ReconnectingSocket<OwnerFrame>({
    url,
    parse: parseOwnerFrame,
    isRetryable: isRetryableClose,
    onOpen: () => {
      // The session may have a stale size from before a reconnect; ours is the truth.
      nextOutputIsReplay = true;
      sendSize();
      callbacks.onOpen();
    },
    onClose: callbacks.onClose,
    onFrame: (frame) => {
      switch (frame.type) {
        case 'output':
          if (nextOutputIsReplay) controller.replaceScreen(frame.data);
          else controller.write(frame.data);
          nextOutputIsReplay = false;
          break;
        case 'snapshot':
          // The host's repaint of this owner's own screen and scrollback (DESIGN.md §12).
          controller.replaceScreen(frame.data);
          nextOutputIsReplay = false;
          break;
        case 'status':
          callbacks.onStatus(frame);
          break;
        case 'shares':
          callbacks.onShares(frame);
          break;
        case 'viewer_joined':
        case 'viewer_left':
          callbacks.onPresence?.(frame);
          break;
        case 'resize':
          // The owner's own fitted size is authoritative; an echo needs no action.
          break;
      }
    },
  });

  const inputListener = controller.onData((data) => {
    for (let start = 0; start < data.length; start += MAX_INPUT_CHUNK_CHARS) {
      send({ type: 'input', data: data.slice(start, start + MAX_INPUT_CHUNK_CHARS) });
    }
  });
  const resizeListener = controller.onResize(() => sendSize());
  socket.connect();

  return {
    dispose: () => {
      inputListener.dispose();
      resizeListener.dispose();
      socket.dispose();
    },
  };
}

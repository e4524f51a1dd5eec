import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { ViewerLayout, ViewerSizing } from '../../terminal/scaleToFit.js';
import type { TerminalController } from '../../terminal/terminalController.js';
import type { ViewerConnection } from '../../terminal/viewerSocket.js';
import { takeViewerConnection } from './earlyStart.js';
import { recordFirstOutput } from './metrics.js';
import { initialViewerStream, viewerStreamReducer, type ViewerEvent, type ViewerStream, type ViewerStreamEvent } from './viewerState.js';

export interface ViewerConnectionHandle {
  /** For TerminalView: wires the share's socket to the terminal once it is open. */
  onReady: (controller: TerminalController) => () => void;
  connection: RefObject<ViewerConnection | null>;
  /** Font size and visible columns after the latest sizing pass. */
  layout: ViewerLayout | null;
}

function sameLayout(a: ViewerLayout | null, b: ViewerLayout): boolean {
  return (
    a !== null &&
    a.sizing === b.sizing &&
    a.fontSize === b.fontSize &&
    a.cols === b.cols &&
    a.rows === b.rows &&
    a.visibleCols === b.visibleCols &&
    a.visibleColsAtActualSize === b.visibleColsAtActualSize
  );
}

/**
 * The viewer socket of `token` in front of the page's terminal: frames go to the terminal and to
 * `dispatch`; seq bookkeeping stays in a ref, since it changes with every output frame.
 */
export function useViewerConnection(token: string, sizing: ViewerSizing, dispatch: (event: ViewerEvent) => void): ViewerConnectionHandle {
  const connection = useRef<ViewerConnection | null>(null);
  const controllerRef = useRef<TerminalController | null>(null);
  const [layout, setLayout] = useState<ViewerLayout | null>(null);

  useEffect(() => controllerRef.current?.setViewerSizing(sizing), [sizing]);

  const onReady = useCallback(
    (controller: TerminalController) => {
      let stream: ViewerStream = initialViewerStream;
      let sawOutput = false;
      const step = (event: ViewerStreamEvent) => {
        const result = viewerStreamReducer(stream, event);
        stream = result.stream;
        if (result.gap) dispatch({ type: 'gap', missing: result.gap.missing });
      };
      performance.mark('ns:viewer-terminal-ready');
      const layoutListener = controller.onLayout((next) => setLayout((current) => (sameLayout(current, next) ? current : next)));
      const socket = takeViewerConnection(token);
      socket.attach(controller, {
        onOpen: () => {
          step({ type: 'open' });
          sawOutput = false;
          dispatch({ type: 'open' });
        },
        onStatus: (frame) => dispatch({ type: 'status', frame }),
        onResize: (frame) => dispatch({ type: 'resize', cols: frame.cols, rows: frame.rows }),
        onSnapshot: (frame) => {
          step({ type: 'snapshot', seq: frame.seq });
          dispatch({ type: 'snapshot', cols: frame.cols, rows: frame.rows });
        },
        onOutput: (frame) => {
          recordFirstOutput();
          if (!sawOutput) dispatch({ type: 'first_output' });
          sawOutput = true;
          step({ type: 'output', seq: frame.seq });
        },
        onClose: (close) => dispatch({ type: 'close', ...close }),
      });
      connection.current = socket;
      controllerRef.current = controller;
      return () => {
        connection.current = null;
        controllerRef.current = null;
        layoutListener.dispose();
        socket.dispose();
      };
    },
    [token, dispatch],
  );

  return { onReady, connection, layout };
}

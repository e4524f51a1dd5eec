import { useCallback, useEffect, useRef, type RefObject } from 'react';
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import type { Session } from '../../../protocol/rest.js';
import { meQuery } from '../../api/auth.js';
import { webSocketUrl } from '../../api/http.js';
import { ownerSocketPath, sessionsQuery } from '../../api/sessions.js';
import { setSessionShares } from '../../api/shares.js';
import { useWorkspace, type OwnerConnection } from '../../state/workspace.js';
import { connectOwnerTerminal } from '../../terminal/ownerSocket.js';
import { TerminalView } from '../../terminal/TerminalView.js';
import type { TerminalController } from '../../terminal/terminalController.js';
import { disposeOwnerNotices, onOwnerStatus, onViewerPresence } from './ownerNotices.js';
import { ownerConnectionReducer, type OwnerConnectionEvent, type StaleQuery } from './ownerConnection.js';
import type { SessionTabInfo } from './useSessionTabs.js';

const staleQueryKeys: Record<StaleQuery, QueryKey> = {
  me: meQuery.queryKey,
  sessions: sessionsQuery.queryKey,
  shares: ['shares'],
};

export interface OwnerTerminalPaneProps {
  tab: SessionTabInfo;
  visible: boolean;
  onCloseTab: () => void;
}

/**
 * TerminalView's onReady for one session: connects the owner socket to the terminal and feeds
 * its events through ownerConnectionReducer into the workspace store; returns the disposer.
 */
function useOwnerSocket(session: Session, controllerRef: RefObject<TerminalController | null>) {
  const sessionId = session.session_id;
  const queryClient = useQueryClient();
  const setConnection = useWorkspace((state) => state.setConnection);
  return useCallback(
    (controller: TerminalController) => {
      const dispatch = (event: OwnerConnectionEvent) => {
        const current = useWorkspace.getState().connections[sessionId];
        const { connection, stale } = ownerConnectionReducer(current, event, session);
        if (connection && connection !== current) setConnection(sessionId, connection);
        for (const query of stale) void queryClient.invalidateQueries({ queryKey: staleQueryKeys[query] });
      };
      controllerRef.current = controller;
      dispatch({ type: 'connect' });
      const socket = connectOwnerTerminal(controller, () => webSocketUrl(ownerSocketPath(sessionId)), {
        onOpen: () => dispatch({ type: 'open' }),
        onShares: (frame) => setSessionShares(queryClient, sessionId, frame.shares),
        onStatus: (frame) => {
          dispatch({ type: 'status', frame });
          onOwnerStatus(queryClient, sessionId, frame);
        },
        onPresence: (frame) => onViewerPresence(queryClient, sessionId, frame),
        onClose: ({ code, willRetry, retryInMs }) => dispatch({ type: 'close', code, willRetry, retryInMs }),
      });
      return () => {
        controllerRef.current = null;
        socket.dispose();
        disposeOwnerNotices(sessionId);
      };
    },
    // TerminalView calls onReady once per mount, so later changes of these do not reconnect.
    [sessionId, session, queryClient, setConnection, controllerRef],
  );
}

/** One session's terminal, wired to the owner socket; stays mounted while its tab is hidden. */
export function OwnerTerminalPane({ tab, visible, onCloseTab }: OwnerTerminalPaneProps) {
  const sessionId = tab.session.session_id;
  const connection = useWorkspace((state) => state.connections[sessionId]);
  const controllerRef = useRef<TerminalController | null>(null);
  const onReady = useOwnerSocket(tab.session, controllerRef);

  useEffect(() => {
    if (!visible) return;
    // Hidden panes have no size; refit and take focus as soon as the tab shows.
    const frame = requestAnimationFrame(() => {
      controllerRef.current?.fitNow();
      controllerRef.current?.focus();
    });
    return () => cancelAnimationFrame(frame);
  }, [visible]);

  return (
    <div
      className="terminal-pane"
      role="tabpanel"
      id={`panel-${sessionId}`}
      aria-labelledby={`tab-${sessionId}`}
      hidden={!visible}
      data-testid="owner-terminal-pane"
      data-session-id={sessionId}
    >
      <TerminalView
        options={{
          mode: 'fit',
          readOnly: false,
          ariaLabel: `Terminal: ${tab.label}`,
          onLeave: () => document.getElementById(`tab-${sessionId}`)?.focus(),
        }}
        onReady={onReady}
        testId="owner-terminal"
      />
      <ConnectionNotice connection={connection} onCloseTab={onCloseTab} />
    </div>
  );
}

/** Over the terminal: the reconnect countdown, or why the session ended. */
function ConnectionNotice({ connection, onCloseTab }: { connection: OwnerConnection | undefined; onCloseTab: () => void }) {
  if (connection?.kind === 'reconnecting') {
    return (
      <div className="terminal-notice" role="status">
        Connection lost, reconnecting in {Math.ceil(connection.retryInMs / 1000)} s… Keystrokes typed now are not sent.
      </div>
    );
  }
  if (connection?.kind !== 'ended') return null;
  return (
    <div className="overlay overlay--final" data-testid="owner-overlay">
      <div className="overlay__card" role="alert">
        <h2>Session ended</h2>
        <p>{connection.message}</p>
        <button type="button" className="button" onClick={onCloseTab}>
          Close tab
        </button>
      </div>
    </div>
  );
}

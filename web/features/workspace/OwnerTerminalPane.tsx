import { useCallback, useEffect, useRef } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { CloseCode } from '../../../protocol/closeCodes.js';
import { meQuery } from '../../api/auth.js';
import { webSocketUrl } from '../../api/http.js';
import { ownerSocketPath, sessionsQuery } from '../../api/sessions.js';
import { setSessionShares } from '../../api/shares.js';
import { useWorkspace } from '../../state/workspace.js';
import { connectOwnerTerminal } from '../../terminal/ownerSocket.js';
import { TerminalView } from '../../terminal/TerminalView.js';
import type { TerminalController } from '../../terminal/terminalController.js';
import type { SessionTabInfo } from './useSessionTabs.js';

const closeMessages: Record<number, string> = {
  [CloseCode.forbidden]: 'This session belongs to someone else.',
  [CloseCode.notFound]: 'This session no longer exists on the server.',
};

export interface OwnerTerminalPaneProps {
  tab: SessionTabInfo;
  visible: boolean;
  onCloseTab: () => void;
}

/** One session's terminal, wired to the owner socket; stays mounted while its tab is hidden. */
export function OwnerTerminalPane({ tab, visible, onCloseTab }: OwnerTerminalPaneProps) {
  const sessionId = tab.session.session_id;
  const queryClient = useQueryClient();
  const setConnection = useWorkspace((state) => state.setConnection);
  const connection = useWorkspace((state) => state.connections[sessionId]);
  const controllerRef = useRef<TerminalController | null>(null);

  const sessionSnapshot = tab.session;
  const onReady = useCallback(
    (controller: TerminalController) => {
      controllerRef.current = controller;
      setConnection(sessionId, { kind: 'connecting' });
      const socket = connectOwnerTerminal(controller, () => webSocketUrl(ownerSocketPath(sessionId)), {
        onOpen: () => setConnection(sessionId, { kind: 'open' }),
        onShares: (frame) => setSessionShares(queryClient, sessionId, frame.shares),
        onStatus: (frame) => {
          if (frame.event === 'session_ended') {
            setConnection(sessionId, { kind: 'ended', message: frame.message, session: sessionSnapshot });
            void queryClient.invalidateQueries({ queryKey: ['shares'] });
          }
        },
        onClose: (info) => {
          if (info.code === CloseCode.notLoggedIn) {
            void queryClient.invalidateQueries({ queryKey: meQuery.queryKey });
            return;
          }
          if (info.willRetry && info.retryInMs !== null) {
            setConnection(sessionId, { kind: 'reconnecting', retryInMs: info.retryInMs });
            return;
          }
          const current = useWorkspace.getState().connections[sessionId];
          if (current?.kind !== 'ended') {
            setConnection(sessionId, {
              kind: 'ended',
              message: closeMessages[info.code] ?? 'The session was closed.',
              session: sessionSnapshot,
            });
          }
          void queryClient.invalidateQueries({ queryKey: sessionsQuery.queryKey });
        },
      });
      return () => {
        controllerRef.current = null;
        socket.dispose();
      };
    },
    // TerminalView calls onReady once per mount, so later changes of these do not reconnect.
    [sessionId, sessionSnapshot, queryClient, setConnection],
  );

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
      {connection?.kind === 'reconnecting' && (
        <div className="terminal-notice" role="status">
          Connection lost, reconnecting in {Math.ceil(connection.retryInMs / 1000)} s… Keystrokes typed now are not sent.
        </div>
      )}
      {connection?.kind === 'ended' && (
        <div className="overlay overlay--final" data-testid="owner-overlay">
          <div className="overlay__card" role="alert">
            <h2>Session ended</h2>
            <p>{connection.message}</p>
            <button type="button" className="button" onClick={onCloseTab}>
              Close tab
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

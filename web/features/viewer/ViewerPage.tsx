import { useCallback, useEffect, useReducer, useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useLocation } from 'wouter';
import { sharedInfoQuery } from '../../api/shared.js';
import { isApiError } from '../../api/http.js';
import type { SharedInfo } from '../../../protocol/rest.js';
import { seqGap } from '../../../protocol/seq.js';
import { CloseIcon } from '../../ui/icons.js';
import { TerminalView } from '../../terminal/TerminalView.js';
import type { TerminalController } from '../../terminal/terminalController.js';
import type { ViewerConnection } from '../../terminal/viewerSocket.js';
import { takeViewerConnection } from './earlyStart.js';
import { recordFirstOutput } from './metrics.js';
import { ViewerBanner } from './ViewerBanner.js';
import { ViewerOverlay } from './ViewerOverlay.js';
import { initialViewerState, viewerReducer, type ViewerEvent } from './viewerState.js';

const viewerTerminalOptions = { mode: 'scale', readOnly: true, ariaLabel: 'Shared terminal (read-only)' } as const;

/** How long a transient notice (owner reconnected) stays before it hides itself. */
const NOTICE_MS = 5_000;

export default function ViewerPage({ token }: { token: string }) {
  const [state, dispatch] = useReducer(viewerReducer, initialViewerState);
  const connection = useRef<ViewerConnection | null>(null);
  const [, navigate] = useLocation();
  const info = useQuery(sharedInfoQuery(token));

  useSharedInfoEvents(info.data, info.error, dispatch);

  useEffect(() => {
    if (state.phase.kind !== 'ended' || state.phase.reason !== 'not_logged_in') return;
    const next = window.location.pathname + window.location.search;
    navigate(`/login?next=${encodeURIComponent(next)}`, { replace: true });
  }, [state.phase, navigate]);

  useEffect(() => {
    const notice = state.notice;
    if (notice?.kind !== 'owner_reconnected') return;
    const timer = setTimeout(() => dispatch({ type: 'dismiss_notice', id: notice.id }), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [state.notice]);

  const ownerName = state.owner?.name ?? state.owner?.email ?? 'the owner';
  useEffect(() => {
    document.title = `Viewing ${ownerName}'s session · NetStacks`;
  }, [ownerName]);

  const onReady = useCallback(
    (controller: TerminalController) => {
      // Per connection: the first output ends "connecting"; a seq jump means lost frames.
      let lastSeq: number | null = null;
      let sawOutput = false;
      performance.mark('ns:viewer-terminal-ready');
      const socket = takeViewerConnection(token);
      socket.attach(controller, {
        onOpen: () => {
          lastSeq = null;
          sawOutput = false;
          dispatch({ type: 'open' });
        },
        onStatus: (frame) => dispatch({ type: 'status', frame }),
        onOutput: (frame) => {
          recordFirstOutput();
          if (!sawOutput) dispatch({ type: 'first_output' });
          sawOutput = true;
          const gap = seqGap(lastSeq, frame.seq);
          if (gap) dispatch({ type: 'gap', missing: gap.missing });
          lastSeq = frame.seq;
        },
        onClose: (close) => dispatch({ type: 'close', ...close }),
      });
      connection.current = socket;
      return () => {
        connection.current = null;
        socket.dispose();
      };
    },
    [token],
  );

  return (
    <div className="viewer-page">
      <ViewerBanner ownerName={ownerName} device={state.device} expiresAt={state.expiresAt} phase={state.phase} />
      {state.notice && (
        <div className="notice" role="status" data-testid="viewer-notice" data-kind={state.notice.kind}>
          {state.notice.kind === 'owner_reconnected'
            ? 'Session owner reconnected.'
            : `Some output was lost${state.notice.missing ? ` (${state.notice.missing} frames)` : ''} while the connection between servers recovered; the screen may be incomplete until it redraws.`}
          <button
            type="button"
            className="icon-button"
            aria-label="Dismiss notice"
            onClick={() => state.notice && dispatch({ type: 'dismiss_notice', id: state.notice.id })}
          >
            <CloseIcon />
          </button>
        </div>
      )}
      <main className="viewer-stage" aria-label="Shared terminal">
        <TerminalView options={viewerTerminalOptions} onReady={onReady} testId="viewer-terminal" />
        <ViewerOverlay phase={state.phase} ownerName={ownerName} onRetryNow={() => connection.current?.retryNow()} />
      </main>
    </div>
  );
}

function useSharedInfoEvents(
  data: SharedInfo | undefined,
  error: Error | null,
  dispatch: (event: ViewerEvent) => void,
): void {
  useEffect(() => {
    if (data) {
      dispatch({ type: 'info', owner: data.owner, device: data.device.name, expiresAt: data.expires_at });
    }
  }, [data, dispatch]);
  useEffect(() => {
    if (isApiError(error)) dispatch({ type: 'info_failed', status: error.status, code: error.code, message: error.message });
  }, [error, dispatch]);
}

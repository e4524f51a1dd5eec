import { useCallback, useEffect, useReducer, useState, type KeyboardEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocation } from 'wouter';
import { sharedInfoQuery } from '../../api/shared.js';
import { isApiError } from '../../api/http.js';
import type { SharedInfo } from '../../../protocol/rest.js';
import { TerminalView } from '../../terminal/TerminalView.js';
import type { TerminalControllerOptions } from '../../terminal/terminalController.js';
import { usePageTitle } from '../../ui/usePageTitle.js';
import { signedInUserQuery, signInHref, signOut } from './signedIn.js';
import { useViewerConnection } from './useViewerConnection.js';
import { ViewerBanner, viewerPageTitle } from './ViewerBanner.js';
import { ReadOnlyHint, ViewerNoticeBar, WaitingHint } from './ViewerHints.js';
import { ViewerOverlay } from './ViewerOverlay.js';
import { useViewerSizing } from './viewerSizing.js';
import { initialViewerState, viewerReducer, type ViewerEvent, type ViewerState } from './viewerState.js';
import './viewer.css';

/** How long a transient notice (owner reconnected, share extended) stays before it hides itself. */
const NOTICE_MS = 6_000;
/** How long the read-only hint stays; viewer.css fades it out over the same time. */
const READ_ONLY_HINT_MS = 4_000;

export default function ViewerPage({ token }: { token: string }) {
  const [state, dispatch] = useReducer(viewerReducer, initialViewerState);
  const [sizing, setSizing] = useViewerSizing();
  const [terminalOptions] = useState<TerminalControllerOptions>(() => ({
    mode: 'scale',
    readOnly: true,
    ariaLabel: 'Shared terminal (read-only)',
    viewerSizing: sizing,
  }));
  const info = useQuery(sharedInfoQuery(token));
  const final = state.phase.kind === 'ended';
  const signedIn = useQuery({ ...signedInUserQuery, enabled: final });
  const { onReady, connection, layout } = useViewerConnection(token, sizing, dispatch);
  const onSignOut = useSignOut();

  useSharedInfoEvents(info.data, info.error, dispatch);
  useTimedDismissals(state, dispatch);
  useLoginRedirect(state);
  const ownerName = state.owner?.name || state.owner?.email || null;
  usePageTitle(viewerPageTitle(ownerName, final));

  const onKeyDown = (event: KeyboardEvent) => {
    if (isTyping(event)) dispatch({ type: 'typed' });
  };
  const returnPath = `/shared/${encodeURIComponent(token)}`;
  return (
    <div className="viewer-page">
      <ViewerBanner
        ownerName={ownerName}
        device={state.device}
        expiresAt={state.expiresAt}
        phase={state.phase}
        ownerSize={state.ownerSize}
        layout={layout}
        sizing={sizing}
        onSizing={setSizing}
        signedIn={state.phase.kind === 'ended' && state.phase.reason !== 'signed_out' ? (signedIn.data ?? null) : null}
        onSignOut={() => void onSignOut(returnPath)}
      />
      {state.notice && <ViewerNoticeBar notice={state.notice} onDismiss={(id) => dispatch({ type: 'dismiss_notice', id })} />}
      <main
        className="viewer-stage"
        aria-label="Shared terminal"
        data-sizing={sizing}
        data-font-size={layout?.fontSize}
        // Capture: xterm stops the key events it handles before they would bubble up here.
        onKeyDownCapture={onKeyDown}
        onPasteCapture={() => dispatch({ type: 'typed' })}
      >
        <TerminalView options={terminalOptions} onReady={onReady} testId="viewer-terminal" />
        <WaitingHint state={state} />
        <ReadOnlyHint shown={state.readOnlyHint === 'shown'} />
        <ViewerOverlay
          phase={state.phase}
          paused={state.paused}
          ownerName={ownerName ?? 'the owner'}
          signInHref={signInHref(returnPath)}
          onRetryNow={() => connection.current?.retryNow()}
        />
      </main>
    </div>
  );
}

/** Keys that would type into a terminal; shortcuts (copy, F6 to leave, Tab) and navigation do not. */
function isTyping(event: KeyboardEvent): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey) return false;
  return event.key.length === 1 || event.key === 'Enter' || event.key === 'Backspace' || event.key === 'Delete';
}

function useSignOut(): (returnPath: string) => Promise<void> {
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  return useCallback(
    async (returnPath: string) => {
      await signOut(queryClient);
      navigate(signInHref(returnPath), { replace: true });
    },
    [queryClient, navigate],
  );
}

/** A viewer who was never signed in goes to the login page and comes back here. */
function useLoginRedirect(state: ViewerState): void {
  const [, navigate] = useLocation();
  useEffect(() => {
    if (state.phase.kind !== 'ended' || state.phase.reason !== 'not_logged_in') return;
    navigate(signInHref(window.location.pathname + window.location.search), { replace: true });
  }, [state.phase, navigate]);
}

function useTimedDismissals(state: ViewerState, dispatch: (event: ViewerEvent) => void): void {
  useEffect(() => {
    const notice = state.notice;
    if (notice?.kind !== 'owner_reconnected' && notice?.kind !== 'share_extended') return;
    const timer = setTimeout(() => dispatch({ type: 'dismiss_notice', id: notice.id }), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [state.notice, dispatch]);
  useEffect(() => {
    if (state.readOnlyHint !== 'shown') return;
    const timer = setTimeout(() => dispatch({ type: 'hide_read_only_hint' }), READ_ONLY_HINT_MS);
    return () => clearTimeout(timer);
  }, [state.readOnlyHint, dispatch]);
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

import type { ViewerPhase } from './viewerState.js';

interface OverlayContent {
  title: string;
  detail: string;
  tone: 'info' | 'warning' | 'final';
  busy?: boolean;
}

function overlayContent(phase: ViewerPhase, ownerName: string): OverlayContent | null {
  switch (phase.kind) {
    case 'live':
      return null;
    case 'connecting':
      return { title: 'Connecting…', detail: `Joining ${ownerName}'s session.`, tone: 'info', busy: true };
    case 'owner_disconnected':
      return {
        title: 'Session owner disconnected',
        detail: `${ownerName} lost their connection. The session is kept open for a while; output resumes when they return.`,
        tone: 'warning',
        busy: true,
      };
    case 'reconnecting':
      return {
        title: 'Connection lost',
        detail: `${reconnectCause[phase.cause]} Reconnecting in ${Math.ceil(phase.retryInMs / 1000)} s (attempt ${phase.attempt}).`,
        tone: 'warning',
        busy: true,
      };
    case 'ended':
      return endedContent(phase, ownerName);
  }
}

const reconnectCause = {
  lost: 'The connection to the server dropped.',
  too_slow: 'This viewer fell too far behind the live output.',
  store_unavailable: 'The audit store is unreachable, so viewing is paused (joins are always recorded first).',
} as const;

function endedContent(phase: Extract<ViewerPhase, { kind: 'ended' }>, ownerName: string): OverlayContent {
  const final = (title: string, detail: string): OverlayContent => ({ title, detail, tone: 'final' });
  switch (phase.reason) {
    case 'session_ended':
      return final('Session ended', `${ownerName}'s terminal session has closed.`);
    case 'share_expired':
      return final('Share link expired', 'This link has reached its expiry time and no longer works. Ask the owner for a new one.');
    case 'share_revoked':
      return final(
        'Share revoked',
        phase.revokedBy
          ? `Access was revoked by ${phase.revokedBy}.`
          : (phase.message ?? 'The owner or a NOC lead revoked access to this session.'),
      );
    case 'share_ended':
      return final('Share ended', phase.message ?? 'This share link was revoked or has expired; it no longer works.');
    case 'max_viewers':
      return final('Viewer limit reached', 'This share already has the maximum number of viewers. Try again later.');
    case 'forbidden':
      return final('Not permitted', 'Your account is not allowed to view shared sessions.');
    case 'unknown_link':
      return final('Unknown share link', 'This link does not match any share. Check that you copied it completely.');
    case 'not_logged_in':
      return final('Sign-in required', 'Redirecting to the sign-in page…');
    case 'closed':
      return final('Disconnected', phase.message ?? 'The connection was closed.');
  }
}

export interface ViewerOverlayProps {
  phase: ViewerPhase;
  ownerName: string;
  onRetryNow: () => void;
}

export function ViewerOverlay({ phase, ownerName, onRetryNow }: ViewerOverlayProps) {
  const content = overlayContent(phase, ownerName);
  if (!content) return null;
  const state = phase.kind === 'ended' ? phase.reason : phase.kind;
  return (
    <div className={`overlay overlay--${content.tone}`} data-testid="viewer-overlay" data-state={state}>
      <div className="overlay__card" role={content.tone === 'final' ? 'alert' : 'status'} aria-busy={content.busy}>
        {content.busy && <span className="spinner" aria-hidden="true" />}
        <h2>{content.title}</h2>
        <p>{content.detail}</p>
        {phase.kind === 'reconnecting' && (
          <button type="button" className="button" onClick={onRetryNow}>
            Reconnect now
          </button>
        )}
        {content.tone === 'final' && phase.kind === 'ended' && phase.reason !== 'not_logged_in' && (
          <a className="button button--secondary" href="/">
            Go to workspace
          </a>
        )}
      </div>
    </div>
  );
}

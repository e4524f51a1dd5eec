import type { ViewerPause, ViewerPhase } from './viewerState.js';

interface OverlayContent {
  title: string;
  detail: string;
  /** `paused` dims the last frame lightly: the viewer still reads what was on screen. */
  tone: 'info' | 'warning' | 'paused' | 'final';
  busy?: boolean;
}

function overlayContent(phase: ViewerPhase, paused: ViewerPause | null, ownerName: string): OverlayContent | null {
  switch (phase.kind) {
    case 'live':
      return paused ? pausedContent(paused, ownerName) : null;
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

/** DESIGN.md §13: nothing new arrives while paused, so the page says why the screen stands still. */
function pausedContent(paused: ViewerPause, ownerName: string): OverlayContent {
  const detail =
    paused.reason === 'password_prompt'
      ? 'The terminal is asking for a password or secret, so sharing paused by itself. It resumes after the owner presses Enter.'
      : 'The screen shows the last output before the pause. Nothing new is shown until sharing resumes.';
  // An automatic pause has no one behind it but the owner at their keyboard.
  const by = paused.reason === 'password_prompt' ? ownerName : (paused.by ?? ownerName);
  return { title: `Sharing paused by ${by}`, detail, tone: 'paused' };
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
    case 'viewer_removed':
      return final(
        'Removed from this share',
        `${phase.removedBy ?? 'The owner'} removed you from this share.${phase.barred ? ' You cannot rejoin this share.' : ''}`,
      );
    case 'signed_out':
      return final('You were signed out', 'Your sign-in ended (signed out, disabled, or changed by an administrator), so this view closed.');
    case 'closed':
      return final('Disconnected', phase.message ?? 'The connection was closed.');
  }
}

export interface ViewerOverlayProps {
  phase: ViewerPhase;
  paused: ViewerPause | null;
  ownerName: string;
  /** Where "Sign in" leads: the login page, coming back to this share. */
  signInHref: string;
  onRetryNow: () => void;
}

export function ViewerOverlay({ phase, paused, ownerName, signInHref, onRetryNow }: ViewerOverlayProps) {
  const content = overlayContent(phase, paused, ownerName);
  if (!content) return null;
  const state = phase.kind === 'ended' ? phase.reason : paused && phase.kind === 'live' ? 'sharing_paused' : phase.kind;
  const ended = phase.kind === 'ended' ? phase.reason : null;
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
        {ended === 'signed_out' && (
          <a className="button button--primary" href={signInHref}>
            Sign in
          </a>
        )}
        {ended !== null && ended !== 'not_logged_in' && ended !== 'signed_out' && (
          <a className="button button--secondary" href="/">
            Go to workspace
          </a>
        )}
      </div>
    </div>
  );
}

import { useTimeZone } from '../../state/timeZone.js';
import { CloseIcon } from '../../ui/icons.js';
import { formatAbsolute, formatRemaining } from '../../ui/time.js';
import type { ViewerNotice, ViewerState } from './viewerState.js';

/** Connected, nothing on screen yet and no current screen sent: say so instead of a black box. */
export function WaitingHint({ state }: { state: ViewerState }) {
  if (state.phase.kind !== 'live' || state.content !== 'none' || state.paused) return null;
  return (
    <div className="viewer-waiting" role="status" data-testid="viewer-waiting">
      Connected — waiting for the owner&apos;s next output
    </div>
  );
}

/**
 * Always in the DOM, so screen readers announce the hint when its text appears (aria-live only
 * reports changes to a region that already exists). The CSS fades it out.
 */
export function ReadOnlyHint({ shown }: { shown: boolean }) {
  return (
    <div className="viewer-readonly-hint-region" role="status" aria-live="polite" data-testid="viewer-readonly-hint-region">
      {shown && (
        <span className="viewer-readonly-hint" data-testid="viewer-readonly-hint">
          This is a read-only view; your keystrokes are not sent
        </span>
      )}
    </div>
  );
}

function noticeText(notice: ViewerNotice, zone: 'local' | 'utc', now: number): string {
  switch (notice.kind) {
    case 'owner_reconnected':
      return 'Session owner reconnected.';
    case 'output_gap':
      return `Some output was lost${notice.missing ? ` (${notice.missing} frames)` : ''} while the connection between servers recovered; the screen may be incomplete until it redraws.`;
    case 'share_extended': {
      const at = formatAbsolute(notice.expiresAt, zone, { date: false, seconds: false });
      return `This share was extended: it now ends at ${at} (in ${formatRemaining(new Date(notice.expiresAt).getTime() - now)}).`;
    }
    case 'snapshot_unavailable':
      return "The owner's current screen could not be fetched in time; you see their output from now on.";
  }
}

export function ViewerNoticeBar({ notice, onDismiss }: { notice: ViewerNotice; onDismiss: (id: number) => void }) {
  const zone = useTimeZone((state) => state.zone);
  return (
    <div className="notice" role="status" data-testid="viewer-notice" data-kind={notice.kind}>
      {noticeText(notice, zone, Date.now())}
      <button type="button" className="icon-button" aria-label="Dismiss notice" onClick={() => onDismiss(notice.id)}>
        <CloseIcon />
      </button>
    </div>
  );
}

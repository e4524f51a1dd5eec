import { ClockIcon, EyeIcon, LockIcon } from '../../ui/icons.js';
import { formatRemaining, useNow } from '../../ui/time.js';
import type { ViewerPhase } from './viewerState.js';

export interface ViewerBannerProps {
  ownerName: string;
  device: string | null;
  expiresAt: string | null;
  phase: ViewerPhase;
}

export function ViewerBanner({ ownerName, device, expiresAt, phase }: ViewerBannerProps) {
  const now = useNow();
  const remainingMs = expiresAt ? new Date(expiresAt).getTime() - now : null;
  const final = phase.kind === 'ended';
  return (
    <header className="viewer-banner" data-testid="viewer-banner">
      <span className="viewer-banner__icon">
        <EyeIcon />
      </span>
      <h1 className="viewer-banner__title">
        Viewing {ownerName}&apos;s session <span className="viewer-banner__mode">(read-only)</span>
      </h1>
      {device && <span className="viewer-banner__device">on {device}</span>}
      <span className="viewer-banner__spacer" />
      {remainingMs !== null && !final && (
        <span className="viewer-banner__time" data-testid="viewer-time-left" aria-label={`Time left ${formatRemaining(remainingMs)}`}>
          <ClockIcon />{' '}
          {remainingMs > 0 ? `${formatRemaining(remainingMs)} left` : 'expiring…'}
        </span>
      )}
      <span className="pill pill--readonly">
        <LockIcon /> Read-only
      </span>
    </header>
  );
}

import type { ViewerLayout, ViewerSizing } from '../../terminal/scaleToFit.js';
import { ClockIcon, EyeIcon, LockIcon } from '../../ui/icons.js';
import { formatRemaining, useNow } from '../../ui/time.js';
import type { ViewerPhase } from './viewerState.js';

export interface SignedInUser {
  name: string;
  email: string;
}

export interface ViewerBannerProps {
  /** Null until the share lookup or the socket named the owner. */
  ownerName: string | null;
  device: string | null;
  expiresAt: string | null;
  phase: ViewerPhase;
  ownerSize: { cols: number; rows: number } | null;
  layout: ViewerLayout | null;
  sizing: ViewerSizing;
  onSizing: (sizing: ViewerSizing) => void;
  /** Shown on a final page (a dead link, an ended share), with a way to sign out. */
  signedIn: SignedInUser | null;
  onSignOut: () => void;
}

/**
 * The page's name in the browser tab. A dead or ended link shows nothing of anyone's session, so
 * it must not say "Viewing …" (issue 14).
 */
export function viewerPageTitle(ownerName: string | null, final: boolean): string {
  return ownerName && !final ? `Viewing ${ownerName}'s session` : 'Shared session';
}

/** The banner's heading: the same, naming the owner of an ended share when it is known. */
function bannerHeading(ownerName: string | null, final: boolean): string {
  if (final) return ownerName ? `${ownerName}'s shared session` : 'Shared session';
  return viewerPageTitle(ownerName, final);
}

export function ViewerBanner(props: ViewerBannerProps) {
  const { ownerName, device, phase, ownerSize, signedIn } = props;
  const final = phase.kind === 'ended';
  return (
    <header className="viewer-banner" data-testid="viewer-banner">
      <span className="viewer-banner__icon">
        <EyeIcon />
      </span>
      <h1 className="viewer-banner__title">
        {bannerHeading(ownerName, final)} {!final && <span className="viewer-banner__mode">(read-only)</span>}
      </h1>
      {device && <span className="viewer-banner__device">on {device}</span>}
      <span className="viewer-banner__spacer" />
      {!final && <TimeLeft expiresAt={props.expiresAt} />}
      {!final && ownerSize && <SizingControls {...props} ownerSize={ownerSize} />}
      {!final && (
        <span className="pill pill--readonly">
          <LockIcon /> Read-only
        </span>
      )}
      {final && signedIn && <SignedIn user={signedIn} onSignOut={props.onSignOut} />}
      {!final && props.layout && <SizeNote layout={props.layout} />}
    </header>
  );
}

function TimeLeft({ expiresAt }: { expiresAt: string | null }) {
  const now = useNow();
  if (!expiresAt) return null;
  const remainingMs = new Date(expiresAt).getTime() - now;
  return (
    <span className="viewer-banner__time" data-testid="viewer-time-left" aria-label={`Time left ${formatRemaining(remainingMs)}`}>
      <ClockIcon /> {remainingMs > 0 ? `${formatRemaining(remainingMs)} left` : 'expiring…'}
    </span>
  );
}

function SizingControls({ ownerSize, sizing, onSizing }: ViewerBannerProps & { ownerSize: { cols: number; rows: number } }) {
  const choice = (value: ViewerSizing, label: string, hint: string) => (
    <button
      type="button"
      className="viewer-sizing__option"
      aria-pressed={sizing === value}
      title={hint}
      data-testid={`viewer-sizing-${value}`}
      onClick={() => onSizing(value)}
    >
      {label}
    </button>
  );
  return (
    <>
      <span
        className="viewer-banner__size"
        data-testid="viewer-owner-size"
        title={`The owner's terminal: ${ownerSize.cols} columns × ${ownerSize.rows} rows`}
      >
        <span className="visually-hidden">Owner&apos;s terminal </span>
        {ownerSize.cols}×{ownerSize.rows}
      </span>
      <span className="viewer-sizing" role="group" aria-label="Terminal size">
        {choice('fit', 'Fit', 'Scale the text to the window (never below a readable size)')}
        {choice('actual', 'Actual size', "The owner's font size; scroll sideways for the rest")}
      </span>
    </>
  );
}

/** Says plainly when the window cannot show every column, and what to do about it. */
function SizeNote({ layout }: { layout: ViewerLayout }) {
  if (layout.visibleCols >= layout.cols) return null;
  const text =
    layout.sizing === 'actual'
      ? `Your window shows ${layout.visibleCols} of ${layout.cols} columns; scroll sideways or choose Fit`
      : `Your window shows ${layout.visibleCols} of ${layout.cols} columns at the smallest readable size; scroll sideways for the rest`;
  return (
    <p className="viewer-banner__note" data-testid="viewer-size-note">
      {text}
    </p>
  );
}

function SignedIn({ user, onSignOut }: { user: SignedInUser; onSignOut: () => void }) {
  return (
    <span className="viewer-banner__user" data-testid="viewer-signed-in">
      Signed in as <strong>{user.name || user.email}</strong>
      {user.name && <span className="muted"> ({user.email})</span>}
      <button type="button" className="button button--small button--secondary" onClick={onSignOut}>
        Sign out
      </button>
    </span>
  );
}

import { useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { activeShares, sessionSharesQuery } from '../../api/shares.js';
import { useWorkspace } from '../../state/workspace.js';
import { ChevronDownIcon, SharedIcon } from '../../ui/icons.js';
import { Menu } from '../../ui/Menu.js';
import { RelativeTime } from '../../ui/Time.js';
import { formatRemaining, useNow } from '../../ui/time.js';
import { sessionMenuItems, type SessionActionHandlers } from './sessionActions.js';
import type { SessionTabInfo } from './useSessionTabs.js';
import { useSessionSharing, type SessionSharingControl } from './useSharing.js';

const connectionText = {
  connecting: 'Connecting…',
  open: 'Connected',
  reconnecting: 'Reconnecting…',
  ended: 'Ended',
} as const;

export interface SessionToolbarProps {
  tab: SessionTabInfo;
  handlers: SessionActionHandlers;
  canShare: boolean;
}

/** The bar above the terminal: the Session menu, connection state, share summary and pause/resume. */
export function SessionToolbar({ tab, handlers, canShare }: SessionToolbarProps) {
  const id = tab.session.session_id;
  const shares = activeShares(useQuery(sessionSharesQuery(id)).data);
  const connection = useWorkspace((state) => state.connections[id]);
  const sharing = useSessionSharing(id);
  const now = useNow();
  const soonest = shares.map((share) => new Date(share.expires_at).getTime()).sort((a, b) => a - b)[0];

  return (
    <div className="session-toolbar" data-testid="session-toolbar">
      <SessionMenuButton tab={tab} handlers={handlers} canShare={canShare} sharing={sharing} />
      <span className="session-toolbar__title">
        {tab.label} <span className="muted">{tab.session.device.host}:{tab.session.device.port}</span>
      </span>
      <span className={`session-toolbar__state session-toolbar__state--${connection?.kind ?? 'connecting'}`}>
        <span className={`status-dot status-dot--${connection?.kind ?? 'connecting'}`} aria-hidden="true" />
        {connectionText[connection?.kind ?? 'connecting']}
      </span>
      {shares.length > 0 && soonest !== undefined && <SharedSummary links={shares.length} soonest={soonest} now={now} />}
      <SharingControl sharing={sharing} />
      <span className="session-toolbar__spacer" />
      <span className="muted small" aria-hidden="true">
        <kbd>F6</kbd> leaves the terminal · <kbd>Shift+F10</kbd> on a tab opens its menu
      </span>
    </div>
  );
}

function SessionMenuButton({ tab, handlers, canShare, sharing }: SessionToolbarProps & { sharing: SessionSharingControl }) {
  const [menuAt, setMenuAt] = useState<{ x: number; y: number } | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const openMenu = () => {
    const rect = buttonRef.current?.getBoundingClientRect();
    if (rect) setMenuAt({ x: rect.left, y: rect.bottom + 4 });
  };
  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className="button button--ghost"
        aria-haspopup="menu"
        aria-expanded={menuAt !== null}
        data-testid="session-menu-button"
        onClick={() => (menuAt ? setMenuAt(null) : openMenu())}
      >
        Session <ChevronDownIcon />
      </button>
      {menuAt && (
        <Menu
          label={`Session ${tab.label}`}
          items={sessionMenuItems(tab.session.session_id, handlers, canShare, sharing)}
          position={menuAt}
          testId="session-menu"
          onClose={(reason) => {
            setMenuAt(null);
            if (reason === 'dismiss') buttonRef.current?.focus();
          }}
        />
      )}
    </>
  );
}

/**
 * DESIGN.md §13: "Pause sharing" while viewers may watch; once paused, why, and "Resume sharing".
 * An auto-pause at a password prompt resumes by itself after the owner's Enter; the notice says so.
 */
function SharingControl({ sharing }: { sharing: SessionSharingControl }) {
  if (!sharing.shared && !sharing.paused) return null;
  const autoPaused = sharing.paused && sharing.sharing?.reason === 'password_prompt';
  return (
    <span className="session-toolbar__sharing" data-testid="sharing-control" data-sharing={sharing.paused ? 'paused' : 'live'}>
      <span role="status" className={sharing.paused ? 'sharing-state sharing-state--paused' : 'visually-hidden'} data-testid="sharing-state">
        {autoPaused ? 'Sharing paused: password prompt — resumes after you press Enter' : sharing.paused ? 'Sharing paused: viewers see nothing new' : 'Sharing live'}
      </span>
      <button type="button" className="button button--small" disabled={sharing.pending} onClick={sharing.toggle} data-testid={sharing.paused ? 'resume-sharing' : 'pause-sharing'}>
        {sharing.paused ? 'Resume sharing' : 'Pause sharing'}
      </button>
    </span>
  );
}

/** "Shared · 2 links · expires in 4m 10s", the soonest expiry's absolute time on hover. */
function SharedSummary({ links, soonest, now }: { links: number; soonest: number; now: number }) {
  return (
    <span className="session-toolbar__shared">
      <SharedIcon /> Shared · {links === 1 ? '1 link' : `${links} links`} · expires in{' '}
      <RelativeTime value={soonest} now={now}>
        {formatRemaining(soonest - now)}
      </RelativeTime>
    </span>
  );
}

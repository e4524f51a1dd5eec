import { useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { activeShares, sessionSharesQuery } from '../../api/shares.js';
import { useWorkspace } from '../../state/workspace.js';
import { ChevronDownIcon, SharedIcon } from '../../ui/icons.js';
import { Menu, type MenuItem } from '../../ui/Menu.js';
import { RelativeTime } from '../../ui/Time.js';
import { formatRemaining, useNow } from '../../ui/time.js';
import type { SessionTabInfo } from './useSessionTabs.js';

const connectionText = {
  connecting: 'Connecting…',
  open: 'Connected',
  reconnecting: 'Reconnecting…',
  ended: 'Ended',
} as const;

/** The bar above the terminal: the Session menu, connection state and share summary. */
export function SessionToolbar({ tab, items }: { tab: SessionTabInfo; items: MenuItem[] }) {
  const [menuAt, setMenuAt] = useState<{ x: number; y: number } | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const id = tab.session.session_id;
  const shares = activeShares(useQuery(sessionSharesQuery(id)).data);
  const connection = useWorkspace((state) => state.connections[id]);
  const now = useNow();
  const soonest = shares.map((share) => new Date(share.expires_at).getTime()).sort((a, b) => a - b)[0];

  const openMenu = () => {
    const rect = buttonRef.current?.getBoundingClientRect();
    if (rect) setMenuAt({ x: rect.left, y: rect.bottom + 4 });
  };

  return (
    <div className="session-toolbar">
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
          items={items}
          position={menuAt}
          testId="session-menu"
          onClose={(reason) => {
            setMenuAt(null);
            if (reason === 'dismiss') buttonRef.current?.focus();
          }}
        />
      )}
      <span className="session-toolbar__title">
        {tab.label} <span className="muted">{tab.session.device.host}:{tab.session.device.port}</span>
      </span>
      <span className={`session-toolbar__state session-toolbar__state--${connection?.kind ?? 'connecting'}`}>
        <span className={`status-dot status-dot--${connection?.kind ?? 'connecting'}`} aria-hidden="true" />
        {connectionText[connection?.kind ?? 'connecting']}
      </span>
      {shares.length > 0 && soonest !== undefined && <SharedSummary links={shares.length} soonest={soonest} now={now} />}
      <span className="session-toolbar__spacer" />
      <span className="muted small" aria-hidden="true">
        <kbd>F6</kbd> leaves the terminal · <kbd>Shift+F10</kbd> on a tab opens its menu
      </span>
    </div>
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

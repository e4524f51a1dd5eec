import { useRef, type KeyboardEvent, type MouseEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { ShareSummary } from '../../../protocol/rest.js';
import { sessionSharingQuery } from '../../api/sessions.js';
import { activeShares, sessionSharesQuery } from '../../api/shares.js';
import { useWorkspace } from '../../state/workspace.js';
import { CloseIcon, PlusIcon, SharedIcon } from '../../ui/icons.js';
import { viewerCapacity } from '../shares/viewerGroups.js';
import { ViewerCountButton } from '../shares/ViewerList.js';
import type { SessionTabInfo } from './useSessionTabs.js';

export interface SessionTabsProps {
  tabs: SessionTabInfo[];
  activeId: string | null;
  onSelect: (sessionId: string) => void;
  /** Opens the tab's context menu at a viewport position. */
  onMenu: (sessionId: string, position: { x: number; y: number }, opener: HTMLElement) => void;
  onCloseRequest: (sessionId: string) => void;
  onNew: () => void;
}

export function SessionTabs({ tabs, activeId, onSelect, onMenu, onCloseRequest, onNew }: SessionTabsProps) {
  const listRef = useRef<HTMLDivElement>(null);

  // Roving focus between tabs (WAI-ARIA tabs pattern): arrows move, the active tab is the stop.
  const moveFocus = (from: string, delta: number) => {
    const index = tabs.findIndex((tab) => tab.session.session_id === from);
    const target = tabs[(index + delta + tabs.length) % tabs.length];
    if (!target) return;
    onSelect(target.session.session_id);
    listRef.current?.querySelector<HTMLElement>(`[data-tab-id="${target.session.session_id}"]`)?.focus();
  };

  return (
    <div className="tabstrip">
      <div role="tablist" aria-label="Sessions" className="tabs" ref={listRef}>
        {tabs.map((tab) => (
          <SessionTab
            key={tab.session.session_id}
            tab={tab}
            active={tab.session.session_id === activeId}
            onSelect={onSelect}
            onMenu={onMenu}
            onCloseRequest={onCloseRequest}
            onArrow={(delta) => moveFocus(tab.session.session_id, delta)}
          />
        ))}
      </div>
      <button type="button" className="button button--ghost tabstrip__new" onClick={onNew} data-testid="new-session">
        <PlusIcon /> New session
      </button>
    </div>
  );
}

interface SessionTabProps {
  tab: SessionTabInfo;
  active: boolean;
  onSelect: (sessionId: string) => void;
  onMenu: SessionTabsProps['onMenu'];
  onCloseRequest: (sessionId: string) => void;
  onArrow: (delta: number) => void;
}

function SessionTab({ tab, active, onSelect, onMenu, onCloseRequest, onArrow }: SessionTabProps) {
  const id = tab.session.session_id;
  const shares = activeShares(useQuery(sessionSharesQuery(id)).data);
  const connection = useWorkspace((state) => state.connections[id]);
  const shared = shares.length > 0;
  const paused = useQuery({ ...sessionSharingQuery(id), enabled: shared }).data?.sharing === 'paused';

  const classes = ['tab', active && 'tab--active', shared && 'tab--shared', shared && paused && 'tab--paused', connection?.kind === 'ended' && 'tab--ended'];
  return (
    <div className={classes.filter(Boolean).join(' ')} data-testid="session-tab" data-session-id={id} data-shared={shared} data-paused={shared && paused}>
      <TabButton tab={tab} active={active} shares={shares} paused={paused} onSelect={onSelect} onMenu={onMenu} onCloseRequest={onCloseRequest} onArrow={onArrow} />
      {/*
        A tab list may hold only tabs, so the badge and the close button are pointer shortcuts:
        the tab's name carries the viewer count; Shift+F10 → Manage Shares lists the viewers, and
        Delete or Shift+F10 → Close Session closes.
      */}
      {shared && <ViewerCountButton shares={shares} removable className="badge badge--tab" testId="viewer-badge" pointerOnly />}
      <button
        type="button"
        className="tab__close icon-button"
        aria-label={`Close session ${tab.label}`}
        tabIndex={-1}
        aria-hidden
        data-testid="tab-close"
        onClick={() => onCloseRequest(id)}
      >
        <CloseIcon />
      </button>
    </div>
  );
}

interface TabButtonProps extends SessionTabProps {
  shares: ShareSummary[];
  paused: boolean;
}

function TabButton({ tab, active, shares, paused, onSelect, onMenu, onCloseRequest, onArrow }: TabButtonProps) {
  const id = tab.session.session_id;
  const connection = useWorkspace((state) => state.connections[id]);
  const shared = shares.length > 0;
  const { count } = viewerCapacity(shares);

  const openMenuAtMouse = (event: MouseEvent<HTMLButtonElement>) => {
    event.preventDefault();
    onSelect(id);
    onMenu(id, { x: event.clientX, y: event.clientY }, event.currentTarget);
  };
  const onKeyDown = tabKeyHandler(id, { onMenu, onArrow, onCloseRequest });

  return (
    <button
      type="button"
      role="tab"
      id={`tab-${id}`}
      data-tab-id={id}
      aria-selected={active}
      aria-controls={`panel-${id}`}
      aria-haspopup="menu"
      aria-keyshortcuts="Shift+F10"
      tabIndex={active ? 0 : -1}
      className="tab__button"
      onClick={() => onSelect(id)}
      onContextMenu={openMenuAtMouse}
      onKeyDown={onKeyDown}
    >
      <span className={`status-dot status-dot--${connection?.kind ?? 'connecting'}`} aria-hidden="true" />
      {shared && (
        <span className="tab__shared-icon" data-testid="shared-indicator">
          <SharedIcon />
        </span>
      )}
      <span className="tab__label">{tab.label}</span>
      {shared && paused && (
        <span className="tab__paused" aria-hidden="true" data-testid="paused-indicator">
          paused
        </span>
      )}
      {shared && (
        <span className="visually-hidden">
          {' '}
          (shared{paused ? ', sharing paused' : ''}, {count} {count === 1 ? 'viewer' : 'viewers'} watching)
        </span>
      )}
      {connection?.kind === 'ended' && <span className="visually-hidden"> (ended)</span>}
    </button>
  );
}

/** Shift+F10 or the menu key opens the tab's menu, arrows move between tabs, Delete closes. */
function tabKeyHandler(id: string, { onMenu, onArrow, onCloseRequest }: Pick<SessionTabProps, 'onMenu' | 'onArrow' | 'onCloseRequest'>) {
  return (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) {
      event.preventDefault();
      const rect = event.currentTarget.getBoundingClientRect();
      onMenu(id, { x: rect.left, y: rect.bottom + 4 }, event.currentTarget);
    } else if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      event.preventDefault();
      onArrow(event.key === 'ArrowRight' ? 1 : -1);
    } else if (event.key === 'Delete') {
      event.preventDefault();
      onCloseRequest(id);
    }
  };
}

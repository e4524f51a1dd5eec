import type { MenuItem } from '../../ui/Menu.js';
import type { SessionSharingControl } from './useSharing.js';

export interface SessionActionHandlers {
  share: (sessionId: string) => void;
  manageShares: () => void;
  close: (sessionId: string) => void;
}

/** The same actions in the tab's context menu and the Session menu, so they never drift apart. */
export function sessionMenuItems(
  sessionId: string,
  handlers: SessionActionHandlers,
  canShare: boolean,
  sharing?: Pick<SessionSharingControl, 'shared' | 'paused' | 'toggle'>,
): MenuItem[] {
  const items: MenuItem[] = [];
  if (canShare) {
    items.push(
      { label: 'Share Session…', onSelect: () => handlers.share(sessionId), testId: 'menu-share-session' },
      { label: 'Manage Shares', onSelect: handlers.manageShares, testId: 'menu-manage-shares' },
    );
  }
  // Pausing means something only while someone may watch; a paused session can always resume.
  if (sharing && (sharing.shared || sharing.paused)) {
    items.push(
      sharing.paused
        ? { label: 'Resume sharing', onSelect: sharing.toggle, testId: 'menu-resume-sharing' }
        : { label: 'Pause sharing', onSelect: sharing.toggle, testId: 'menu-pause-sharing' },
    );
  }
  items.push({ label: 'Close Session…', onSelect: () => handlers.close(sessionId), testId: 'menu-close-session', danger: true });
  return items;
}

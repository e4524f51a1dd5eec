import { Menu } from '../../ui/Menu.js';
import { sessionMenuItems, type SessionActionHandlers } from './sessionActions.js';
import { useSessionSharing } from './useSharing.js';

export interface SessionContextMenuProps {
  sessionId: string;
  label: string;
  position: { x: number; y: number };
  opener: HTMLElement;
  handlers: SessionActionHandlers;
  canShare: boolean;
  onClose: () => void;
}

/** The tab's context menu: the Session menu's actions, pause/resume sharing among them. */
export function SessionContextMenu({ sessionId, label, position, opener, handlers, canShare, onClose }: SessionContextMenuProps) {
  const sharing = useSessionSharing(sessionId);
  return (
    <Menu
      label={`Session ${label}`}
      items={sessionMenuItems(sessionId, handlers, canShare, sharing)}
      position={position}
      testId="tab-context-menu"
      onClose={(reason) => {
        if (reason === 'dismiss') opener.focus();
        onClose();
      }}
    />
  );
}

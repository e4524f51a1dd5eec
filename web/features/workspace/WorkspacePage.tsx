import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useLocation } from 'wouter';
import type { User } from '../../../protocol/rest.js';
import { sessionsQuery } from '../../api/sessions.js';
import { useWorkspace } from '../../state/workspace.js';
import { PlusIcon } from '../../ui/icons.js';
import { ErrorMessage, PageLoading } from '../../ui/PageLoading.js';
import { ShareDialog } from '../shares/ShareDialog.js';
import { can } from '../shell/permissions.js';
import { CloseSessionDialog } from './CloseSessionDialog.js';
import { NewSessionDialog } from './NewSessionDialog.js';
import { OwnerTerminalPane } from './OwnerTerminalPane.js';
import type { SessionActionHandlers } from './sessionActions.js';
import { SessionContextMenu } from './SessionContextMenu.js';
import { SessionTabs } from './SessionTabs.js';
import { SessionToolbar } from './SessionToolbar.js';
import { ShareExpiryNotices } from './ShareExpiryNotices.js';
import { useSessionTabs } from './useSessionTabs.js';

interface ContextMenuState {
  sessionId: string;
  position: { x: number; y: number };
  opener: HTMLElement;
}

export default function WorkspacePage({ user, visible }: { user: User; visible: boolean }) {
  const { tabs, query } = useSessionTabs();
  const workspace = useWorkspace();
  const [contextMenu, setContextMenu] = useState<ContextMenuState | null>(null);
  const { handlers, forgetTab, requestClose } = useTabActions();
  const canShare = can.manageShares(user.role);

  const activeId = tabs.some((tab) => tab.session.session_id === workspace.activeSessionId)
    ? workspace.activeSessionId
    : (tabs[0]?.session.session_id ?? null);
  const activeTab = tabs.find((tab) => tab.session.session_id === activeId);
  const labelOf = (sessionId: string | null) => tabs.find((tab) => tab.session.session_id === sessionId)?.label ?? '';

  return (
    <section className="workspace" hidden={!visible} aria-label="Workspace" data-testid="workspace">
      <SessionTabs
        tabs={tabs}
        activeId={activeId}
        onSelect={workspace.setActive}
        onMenu={(sessionId, position, opener) => setContextMenu({ sessionId, position, opener })}
        onCloseRequest={requestClose}
        onNew={() => workspace.openNewSession(true)}
      />
      {activeTab && <SessionToolbar tab={activeTab} handlers={handlers} canShare={canShare} />}
      <div className="terminal-stack">
        {tabs.map((tab) => (
          <OwnerTerminalPane
            key={tab.session.session_id}
            tab={tab}
            visible={visible && tab.session.session_id === activeId}
            onCloseTab={() => forgetTab(tab.session.session_id)}
          />
        ))}
        {query.isPending && <PageLoading label="Loading sessions…" />}
        {query.isError && <ErrorMessage error={query.error} />}
        {query.isSuccess && tabs.length === 0 && <EmptyWorkspace onNew={() => workspace.openNewSession(true)} />}
      </div>
      {contextMenu && (
        <SessionContextMenu {...contextMenu} label={labelOf(contextMenu.sessionId)} handlers={handlers} canShare={canShare} onClose={() => setContextMenu(null)} />
      )}
      <ShareExpiryNotices sessionIds={tabs.filter((tab) => tab.session.state === 'active').map((tab) => tab.session.session_id)} />
      <WorkspaceDialogs labelOf={labelOf} />
    </section>
  );
}

/** The tab actions the Session menu, the context menu and the tab strip share. */
function useTabActions() {
  const workspace = useWorkspace();
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  /** A tab whose session already ended closes at once; a live one asks first, then DELETEs. */
  const forgetTab = (sessionId: string) => {
    workspace.forgetSession(sessionId);
    queryClient.setQueryData(sessionsQuery.queryKey, (list) =>
      list ? { sessions: list.sessions.filter((session) => session.session_id !== sessionId) } : list,
    );
  };
  const requestClose = (sessionId: string) => {
    if (useWorkspace.getState().connections[sessionId]?.kind === 'ended') forgetTab(sessionId);
    else workspace.confirmClose(sessionId);
  };
  const handlers: SessionActionHandlers = {
    share: (sessionId) => workspace.openShareDialog(sessionId),
    manageShares: () => navigate('/shares'),
    close: requestClose,
  };
  return { handlers, forgetTab, requestClose };
}

function EmptyWorkspace({ onNew }: { onNew: () => void }) {
  return (
    <div className="empty-state" data-testid="workspace-empty">
      <h1>No open sessions</h1>
      <p>Open a terminal on a device to start working, then share it with your team.</p>
      <button type="button" className="button button--primary" onClick={onNew}>
        <PlusIcon /> New session
      </button>
    </div>
  );
}

function WorkspaceDialogs({ labelOf }: { labelOf: (sessionId: string | null) => string }) {
  const workspace = useWorkspace();
  // The menu item that opened a dialog is gone when it closes, so focus goes back to the tab.
  const focusTab = (sessionId: string | null) =>
    requestAnimationFrame(() => sessionId && document.getElementById(`tab-${sessionId}`)?.focus());
  return (
    <>
      <NewSessionDialog
        open={workspace.newSessionOpen}
        onClose={() => workspace.openNewSession(false)}
        onOpened={(session) => {
          workspace.openNewSession(false);
          workspace.setActive(session.session_id);
        }}
      />
      <ShareDialog
        sessionId={workspace.shareDialogSessionId}
        sessionLabel={labelOf(workspace.shareDialogSessionId)}
        onClose={() => {
          focusTab(workspace.shareDialogSessionId);
          workspace.openShareDialog(null);
        }}
      />
      <CloseSessionDialog
        sessionId={workspace.closeConfirmSessionId}
        label={labelOf(workspace.closeConfirmSessionId)}
        onCancel={() => {
          focusTab(workspace.closeConfirmSessionId);
          workspace.confirmClose(null);
        }}
        onClosed={(sessionId) => {
          workspace.confirmClose(null);
          workspace.forgetSession(sessionId);
        }}
      />
    </>
  );
}

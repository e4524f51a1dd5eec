import { create } from 'zustand';
import type { Session } from '../../protocol/rest.js';

/** The owner socket of a tab, as the tab strip and the terminal overlay show it. */
export type OwnerConnection =
  | { kind: 'connecting' }
  | { kind: 'open' }
  | { kind: 'reconnecting'; retryInMs: number }
  /** The server lists active sessions only; the snapshot keeps an ended tab until the user closes it. */
  | { kind: 'ended'; message: string; session: Session };

/**
 * Client-only workspace state (STYLE.md lesson 15): which tab is active, which dialog is open,
 * and how each owner socket is doing. Sessions and shares themselves live in TanStack Query.
 */
interface WorkspaceState {
  activeSessionId: string | null;
  newSessionOpen: boolean;
  shareDialogSessionId: string | null;
  closeConfirmSessionId: string | null;
  connections: Record<string, OwnerConnection>;
  setActive: (sessionId: string | null) => void;
  openNewSession: (open: boolean) => void;
  openShareDialog: (sessionId: string | null) => void;
  confirmClose: (sessionId: string | null) => void;
  setConnection: (sessionId: string, connection: OwnerConnection) => void;
  forgetSession: (sessionId: string) => void;
  /** Back to a blank workspace, e.g. on sign-out, so nothing leaks to the next user of the tab. */
  reset: () => void;
}

const blank = {
  activeSessionId: null,
  newSessionOpen: false,
  shareDialogSessionId: null,
  closeConfirmSessionId: null,
  connections: {},
};

export const useWorkspace = create<WorkspaceState>()((set) => ({
  ...blank,
  setActive: (activeSessionId) => set({ activeSessionId }),
  openNewSession: (newSessionOpen) => set({ newSessionOpen }),
  openShareDialog: (shareDialogSessionId) => set({ shareDialogSessionId }),
  confirmClose: (closeConfirmSessionId) => set({ closeConfirmSessionId }),
  setConnection: (sessionId, connection) =>
    set((state) => ({ connections: { ...state.connections, [sessionId]: connection } })),
  forgetSession: (sessionId) =>
    set((state) => {
      const connections = { ...state.connections };
      delete connections[sessionId];
      return {
        connections,
        activeSessionId: state.activeSessionId === sessionId ? null : state.activeSessionId,
      };
    }),
  reset: () => set(blank),
}));

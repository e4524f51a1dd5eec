import { useQuery } from '@tanstack/react-query';
import type { Session } from '../../../protocol/rest.js';
import { sessionsQuery } from '../../api/sessions.js';
import { useWorkspace } from '../../state/workspace.js';

export interface SessionTabInfo {
  session: Session;
  /** Device name, numbered when the same device is open twice. */
  label: string;
}

/** The tabs: my active sessions, plus ended ones whose tab the user has not closed yet. */
export function useSessionTabs() {
  const query = useQuery(sessionsQuery);
  const connections = useWorkspace((state) => state.connections);
  const sessions = (query.data?.sessions ?? [])
    .filter((session) => session.state === 'active' || connections[session.session_id] !== undefined)
    .sort((a, b) => a.created_at.localeCompare(b.created_at));
  const seen = new Map<string, number>();
  const tabs: SessionTabInfo[] = sessions.map((session) => {
    const name = session.device.name;
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return { session, label: count > 1 ? `${name} (${count})` : name };
  });
  return { tabs, query };
}

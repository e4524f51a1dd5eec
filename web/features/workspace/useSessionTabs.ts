import { useQuery } from '@tanstack/react-query';
import type { Session } from '../../../protocol/rest.js';
import { sessionsQuery } from '../../api/sessions.js';
import { useWorkspace } from '../../state/workspace.js';

export interface SessionTabInfo {
  session: Session;
  /** Device name, numbered when the same device is open twice. */
  label: string;
}

/** The tabs: my active sessions (server), plus ended ones whose tab the user has not closed yet (client). */
export function useSessionTabs() {
  const query = useQuery(sessionsQuery);
  const connections = useWorkspace((state) => state.connections);
  const active = (query.data?.sessions ?? []).filter((session) => session.state === 'active');
  const listed = new Set(active.map((session) => session.session_id));
  const ended = Object.values(connections).flatMap((connection) =>
    connection.kind === 'ended' && !listed.has(connection.session.session_id) ? [connection.session] : [],
  );
  const sessions = [...active, ...ended].sort((a, b) => a.created_at.localeCompare(b.created_at));
  const seen = new Map<string, number>();
  const tabs: SessionTabInfo[] = sessions.map((session) => {
    const name = session.device.name;
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return { session, label: count > 1 ? `${name} (${count})` : name };
  });
  return { tabs, query };
}

import { useCallback, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { AuditEvent } from '../../../protocol/rest.js';
import { usersQuery } from '../../api/admin.js';

export interface Actor {
  user_id: string;
  email: string;
  name?: string;
}

export interface ActorDirectory {
  /** Who a user id is, as far as this page knows. */
  lookup: (userId: string) => Actor | undefined;
  /** Everyone the User filter can offer, by name then email. */
  actors: Actor[];
  /** Remembers the actors of loaded events (all a noc_lead, who may not list users, has to go on). */
  learn: (events: AuditEvent[]) => void;
}

/**
 * Names and emails behind the user ids of the audit log: the users list when the reader may list
 * users (admin), else the actors seen in the events loaded so far.
 */
export function useActorDirectory(canListUsers: boolean): ActorDirectory {
  const users = useQuery({ ...usersQuery, enabled: canListUsers });
  const [seen, setSeen] = useState<ReadonlyMap<string, Actor>>(new Map());

  const learn = useCallback((events: AuditEvent[]) => {
    setSeen((current) => {
      const fresh = events.flatMap(({ actor_user_id: userId, actor_email: email }) =>
        userId && email && !current.has(userId) ? [{ user_id: userId, email }] : [],
      );
      if (fresh.length === 0) return current;
      return new Map([...current, ...fresh.map((actor) => [actor.user_id, actor] as const)]);
    });
  }, []);

  return useMemo(() => {
    const known = new Map(seen);
    for (const user of users.data?.users ?? []) known.set(user.user_id, { user_id: user.user_id, email: user.email, name: user.name });
    const actors = [...known.values()].sort((a, b) => (a.name ?? a.email).localeCompare(b.name ?? b.email));
    return { lookup: (userId: string) => known.get(userId), actors, learn };
  }, [seen, users.data, learn]);
}

/** Closing out what a lost instance left open in the store (DESIGN.md §9). */
import type { Broker } from '../broker/types.js';
import type { Clock } from '../clock.js';
import type { Store } from '../store/index.js';
import type { AuditLog } from './audit.js';

export async function instancesOwningRows(store: Store): Promise<string[]> {
  const viewers = await store.kysely.selectFrom('viewer_connections').select('instance_id').distinct().where('disconnected_at', 'is', null).execute();
  const sessions = await store.kysely.selectFrom('sessions').select('instance_id').distinct().where('state', '=', 'active').execute();
  return [...new Set([...viewers, ...sessions].map((r) => r.instance_id))];
}

/**
 * Every open viewer connection of the instance is recorded as left (`instance_lost`) and every
 * session it hosted as closed. Conditional updates make each row close once even when several
 * survivors do this at the same moment.
 */
export async function closeOutLostInstance(d: { store: Store; audit: AuditLog; broker: Broker; clock: Clock }, instanceId: string): Promise<void> {
  const now = d.clock.now();
  const touched = new Set<string>();
  const open = await d.store.kysely
    .selectFrom('viewer_connections')
    .innerJoin('users', 'users.user_id', 'viewer_connections.user_id')
    .selectAll('viewer_connections')
    .select('users.email as email')
    .where('instance_id', '=', instanceId)
    .where('disconnected_at', 'is', null)
    .execute();
  for (const v of open) {
    await d.store.kysely.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('viewer_connections')
        .set({ disconnected_at: now, reason: 'instance_lost' })
        .where('connection_id', '=', v.connection_id)
        .where('disconnected_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return;
      await d.audit.record(
        { type: 'viewer.left', actor: { user_id: v.user_id, email: v.email }, shareId: v.share_id, sessionId: v.session_id, ip: v.ip, userAgent: v.user_agent, details: { connection_id: v.connection_id, duration_ms: now - v.connected_at, reason: 'instance_lost', instance_lost: instanceId } },
        trx,
      );
      touched.add(v.session_id);
    });
  }
  for (const s of await d.store.sessions.activeOnInstance(instanceId)) {
    const result = await d.store.sessions.close(s.session_id, now);
    if (Number(result.numUpdatedRows) === 0) continue;
    await d.audit.record({ type: 'session.closed', sessionId: s.session_id, details: { reason: 'instance_lost', instance_lost: instanceId } });
    d.broker.publishControl({ type: 'session.ended', sessionId: s.session_id, announce: true });
  }
  for (const sessionId of touched) d.broker.publishControl({ type: 'shares.changed', sessionId });
}

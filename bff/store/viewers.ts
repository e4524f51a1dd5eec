import type { Kysely, Transaction } from 'kysely';
import type { Database, ViewerConnectionsTable } from './schema.js';

export type OpenViewerRow = ViewerConnectionsTable & { email: string; name: string };

type Q = Kysely<Database> | Transaction<Database>;

/** Viewer connections: one row per viewer socket, open until `disconnected_at` is set. */
export function viewersRepo(db: Q) {
  const openWithIdentity = () =>
    db
      .selectFrom('viewer_connections')
      .innerJoin('users', 'users.user_id', 'viewer_connections.user_id')
      .selectAll('viewer_connections')
      .select(['users.email as email', 'users.name as name'])
      .where('viewer_connections.disconnected_at', 'is', null);

  return {
    insert: (row: ViewerConnectionsTable) => db.insertInto('viewer_connections').values(row).execute(),
    countOpen: async (shareId: string): Promise<number> => {
      const row = await db
        .selectFrom('viewer_connections')
        .select(db.fn.countAll().as('n'))
        .where('share_id', '=', shareId)
        .where('disconnected_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    /** Open connections of the given shares, with the viewer's identity, oldest first. */
    openOfShares: (shareIds: string[]): Promise<OpenViewerRow[]> =>
      shareIds.length === 0
        ? Promise.resolve([])
        : openWithIdentity().where('viewer_connections.share_id', 'in', shareIds).orderBy('viewer_connections.connected_at').execute(),
    openByConnection: (connectionId: string): Promise<OpenViewerRow[]> =>
      openWithIdentity().where('viewer_connections.connection_id', '=', connectionId).execute(),
    openOnInstance: (instanceId: string): Promise<OpenViewerRow[]> =>
      openWithIdentity().where('viewer_connections.instance_id', '=', instanceId).execute(),
    /** Closes an open connection; false when someone else closed it first. */
    close: async (connectionId: string, at: number, reason: string): Promise<boolean> => {
      const result = await db
        .updateTable('viewer_connections')
        .set({ disconnected_at: at, reason })
        .where('connection_id', '=', connectionId)
        .where('disconnected_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    instancesWithOpen: async (): Promise<string[]> =>
      (await db.selectFrom('viewer_connections').select('instance_id').distinct().where('disconnected_at', 'is', null).execute()).map((r) => r.instance_id),
  };
}

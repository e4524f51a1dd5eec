/** Share rows as the API shows them (with their open viewers), and the opaque page cursors of share lists. */
import type { ShareSummary } from '../../protocol/index.js';
import { iso } from '../clock.js';
import { badRequest } from '../errors.js';
import type { Store } from '../store/index.js';
import type { ShareCursor, ShareRow } from '../store/shares.js';
import type { OpenViewerRow } from '../store/viewers.js';

export async function summarizeShares(store: Store, rows: ShareRow[]): Promise<ShareSummary[]> {
    const viewers = await store.viewers.openOfShares(rows.filter((r) => r.state === 'active').map((r) => r.share_id));
    const byShare = new Map<string, OpenViewerRow[]>();
    for (const v of viewers) {
      const list = byShare.get(v.share_id);
      if (list) list.push(v);
      else byShare.set(v.share_id, [v]);
    }
    return rows.map((row) => {
      const open = byShare.get(row.share_id) ?? [];
      return {
        share_id: row.share_id,
        session_id: row.session_id,
        state: row.state as ShareSummary['state'],
        created_at: iso(row.created_at),
        expires_at: iso(row.expires_at),
        created_by: row.created_by_email,
        max_viewers: row.max_viewers,
        revoked_at: row.revoked_at === null ? null : iso(row.revoked_at),
        revoked_by: row.revoked_by,
        viewer_count: open.length,
        viewers: open.map((v) => ({ user_id: v.user_id, email: v.email, name: v.name, connected_at: iso(v.connected_at), connection_id: v.connection_id })),
        owner: { user_id: row.owner_user_id, email: row.owner_email, name: row.owner_name },
        device: { name: row.device_name },
        show_current_screen: row.show_current_screen === 1,
      };
    });
  }

/** Page cursors are opaque to clients: the last row's (created_at, share_id), base64url. */
export function encodeCursor(row: ShareRow): string {
  return Buffer.from(`${row.created_at}:${row.share_id}`).toString('base64url');
}

export function decodeCursor(cursor: string): ShareCursor {
  const match = /^(\d{1,16}):(share_[a-z0-9]{1,64})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw badRequest('cursor is not valid', 'invalid_cursor');
  return { createdAt: Number(match[1]), shareId: match[2]! };
}

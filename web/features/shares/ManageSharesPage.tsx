import { useId, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'wouter';
import type { ShareSummary, User } from '../../../protocol/rest.js';
import { removeRevokedShare, revokeShare, sharesQuery, type ShareStateFilter } from '../../api/shares.js';
import { useToasts } from '../../state/toasts.js';
import { ErrorMessage, PageLoading } from '../../ui/PageLoading.js';
import { formatDateTime, formatRemaining, useNow } from '../../ui/time.js';
import { can } from '../shell/permissions.js';
import { ViewerCountButton } from './ViewerList.js';
import { DataTable } from '../../ui/DataTable.js';

const filters: { value: ShareStateFilter; label: string }[] = [
  { value: 'active', label: 'Active' },
  { value: 'expired', label: 'Expired' },
  { value: 'revoked', label: 'Revoked' },
  { value: 'all', label: 'All' },
];

export default function ManageSharesPage({ user }: { user: User }) {
  const [filter, setFilter] = useState<ShareStateFilter>('active');
  const filterId = useId();
  const shares = useQuery(sharesQuery(filter));
  const now = useNow();
  // An active share past its expiry leaves the list this second, before the next poll confirms it.
  const rows = (shares.data?.shares ?? []).filter(
    (share) => filter !== 'active' || (share.state === 'active' && new Date(share.expires_at).getTime() > now),
  );

  return (
    <section className="page" aria-labelledby="shares-title" data-testid="manage-shares">
      <header className="page__header">
        <h1 id="shares-title">Manage Shares</h1>
        <p className="muted">
          {can.manageAllShares(user.role) ? 'Every share on this Controller.' : 'Shares of your sessions.'} Updates live.
        </p>
        <span className="page__spacer" />
        <label htmlFor={filterId} className="inline-label">
          State
        </label>
        <select id={filterId} value={filter} onChange={(event) => setFilter(event.target.value as ShareStateFilter)} data-testid="share-state-filter">
          {filters.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </header>
      {shares.isPending && <PageLoading label="Loading shares…" />}
      {shares.isError && <ErrorMessage error={shares.error} />}
      {shares.isSuccess && rows.length === 0 && (
        <p className="empty-state" data-testid="shares-empty">
          {filter === 'active' ? 'No active shares. Share a session from its tab to see it here.' : 'No shares in this state.'}
        </p>
      )}
      {rows.length > 0 && <SharesTable rows={rows} now={now} showAudit={can.readAudit(user.role)} />}
    </section>
  );
}

function SharesTable({ rows, now, showAudit }: { rows: ShareSummary[]; now: number; showAudit: boolean }) {
  return (
    <DataTable caption="Shares" columns={['Session', 'Owner', 'Viewers', 'Time remaining', 'Created', 'State', '']} testId="shares-table">
      {rows.map((share) => (
        <ShareRow key={share.share_id} share={share} now={now} showAudit={showAudit} />
      ))}
    </DataTable>
  );
}

function ShareRow({ share, now, showAudit }: { share: ShareSummary; now: number; showAudit: boolean }) {
  const queryClient = useQueryClient();
  const showToast = useToasts((state) => state.show);
  const revoke = useMutation({
    mutationFn: () => revokeShare(share.session_id, share.share_id),
    onSuccess: (result) => {
      removeRevokedShare(queryClient, share.share_id);
      const n = result.viewers_disconnected;
      showToast({ message: `Share revoked; ${n} viewer${n === 1 ? '' : 's'} disconnected.`, tone: 'success' });
    },
    onError: (error) => showToast({ message: `Revoke failed: ${error.message}`, tone: 'error' }),
  });
  const remaining = new Date(share.expires_at).getTime() - now;

  return (
    <tr data-testid="share-row" data-share-id={share.share_id} data-state={share.state}>
      <td>
        <strong>{share.device.name}</strong>
        <div className="muted mono small">{share.session_id}</div>
      </td>
      <td>
        {share.owner.name}
        <div className="muted small">{share.owner.email}</div>
      </td>
      <td>
        <ViewerCountButton count={share.viewer_count} viewers={share.viewers} testId="share-viewers" className="badge" />
        {share.max_viewers !== null && <span className="muted small"> / {share.max_viewers}</span>}
      </td>
      <td className="mono" data-testid="share-remaining">
        {share.state === 'active' ? formatRemaining(remaining) : '—'}
      </td>
      <td>
        <time dateTime={share.created_at}>{formatDateTime(share.created_at)}</time>
      </td>
      <td>
        <span className={`pill pill--${share.state}`}>{share.state}</span>
        {share.state === 'revoked' && share.revoked_by && <div className="muted small">by {share.revoked_by}</div>}
      </td>
      <td>
        <div className="row-actions">
          {showAudit && (
            <Link href={`/audit?share_id=${encodeURIComponent(share.share_id)}`} className="button button--ghost button--small">
              Audit
            </Link>
          )}
          {share.state === 'active' && (
            <button
              type="button"
              className="button button--danger button--small"
              disabled={revoke.isPending}
              onClick={() => revoke.mutate()}
              aria-label={`Revoke share of ${share.device.name} by ${share.owner.name}`}
              data-testid="revoke-share"
            >
              {revoke.isPending ? 'Revoking…' : 'Revoke'}
            </button>
          )}
        </div>
      </td>
    </tr>
  );
}

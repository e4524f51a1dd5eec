import { useId, useState } from 'react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'wouter';
import type { ShareSummary, User } from '../../../protocol/rest.js';
import { auditFiltersToSearch } from '../../api/audit.js';
import { removeRevokedShare, revokeShare, sharesQuery, shareStateFilters, type ShareStateFilter } from '../../api/shares.js';
import { useToasts } from '../../state/toasts.js';
import { DataTable, type Column } from '../../ui/DataTable.js';
import { ErrorMessage, PageLoading } from '../../ui/PageLoading.js';
import { AbsoluteTime, RelativeTime } from '../../ui/Time.js';
import { formatRemaining, useNow } from '../../ui/time.js';
import { usePageTitle } from '../../ui/usePageTitle.js';
import { can } from '../shell/permissions.js';
import { ExtendShareButton } from './ExtendShare.js';
import { ViewerCountButton } from './ViewerList.js';
import { RecordingLink } from '../recordings/RecordingLink.js';

const filterLabels: Record<ShareStateFilter, string> = { active: 'Active', expired: 'Expired', revoked: 'Revoked', all: 'All' };

export default function ManageSharesPage({ user }: { user: User }) {
  usePageTitle('Manage Shares');
  const [filter, setFilter] = useState<ShareStateFilter>('active');
  const shares = useInfiniteQuery(sharesQuery(filter));
  const now = useNow();
  const loaded = shares.data?.pages.flatMap((page) => page.shares) ?? [];
  // An active share past its expiry leaves the list this second, before the next poll confirms it.
  const rows = loaded.filter((share) => filter !== 'active' || (share.state === 'active' && new Date(share.expires_at).getTime() > now));

  return (
    <section className="page" aria-labelledby="shares-title" data-testid="manage-shares">
      <header className="page__header">
        <h1 id="shares-title">Manage Shares</h1>
        <p className="muted">
          {can.manageAllShares(user.role) ? 'Every share on this Controller.' : 'Shares of your sessions.'} Updates live.
        </p>
        <span className="page__spacer" />
        <StateFilter value={filter} onChange={setFilter} />
      </header>
      {shares.isPending && <PageLoading label="Loading shares…" />}
      {shares.isError && <ErrorMessage error={shares.error} />}
      {shares.isSuccess && rows.length === 0 && (
        <p className="empty-state" data-testid="shares-empty">
          {filter === 'active' ? 'No active shares. Share a session from its tab to see it here.' : 'No shares in this state.'}
        </p>
      )}
      {rows.length > 0 && (
        <DataTable
          caption="Shares"
          columns={shareColumns(now, can.readAudit(user.role))}
          rows={rows}
          rowKey={(share) => share.share_id}
          rowAttributes={(share) => ({ 'data-testid': 'share-row', 'data-share-id': share.share_id, 'data-state': share.state })}
          testId="shares-table"
        />
      )}
      {shares.isSuccess && loaded.length > 0 && (
        <SharesPager
          shown={loaded.length}
          total={shares.data.pages[0]?.total}
          hasMore={shares.hasNextPage}
          loading={shares.isFetchingNextPage}
          onMore={() => void shares.fetchNextPage()}
        />
      )}
    </section>
  );
}

function StateFilter({ value, onChange }: { value: ShareStateFilter; onChange: (value: ShareStateFilter) => void }) {
  const id = useId();
  return (
    <>
      <label htmlFor={id} className="inline-label">
        State
      </label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value as ShareStateFilter)} data-testid="share-state-filter">
        {shareStateFilters.map((state) => (
          <option key={state} value={state}>
            {filterLabels[state]}
          </option>
        ))}
      </select>
    </>
  );
}

interface SharesPagerProps {
  shown: number;
  total: number | undefined;
  hasMore: boolean;
  loading: boolean;
  onMore: () => void;
}

/** "Showing 50 of 523 shares" and the next page on request, so no share is ever out of reach. */
function SharesPager({ shown, total, hasMore, loading, onMore }: SharesPagerProps) {
  const count = total ?? shown;
  return (
    <div className="pager" data-testid="shares-pager">
      <span className="muted" role="status" data-testid="shares-total">
        {hasMore || shown < count ? `Showing ${shown} of ${count} shares` : `${count} ${count === 1 ? 'share' : 'shares'}`}
      </span>
      {hasMore && (
        <button type="button" className="button" disabled={loading} onClick={onMore} data-testid="shares-load-more">
          {loading ? 'Loading…' : 'Load more'}
        </button>
      )}
    </div>
  );
}

function shareColumns(now: number, showAudit: boolean): Column<ShareSummary>[] {
  return [
    {
      header: 'Session',
      className: 'break',
      cell: (share) => (
        <>
          <strong>{share.device.name}</strong>
          <div className="muted mono small">{share.session_id}</div>
        </>
      ),
    },
    {
      header: 'Owner',
      className: 'break',
      cell: (share) => (
        <>
          {share.owner.name}
          <div className="muted small">{share.owner.email}</div>
        </>
      ),
    },
    {
      header: 'Viewers',
      cell: (share) => <ViewerCountButton shares={[share]} removable={share.state === 'active'} testId="share-viewers" className="badge" />,
    },
    { header: 'Time remaining', className: 'mono', cell: (share) => <Remaining share={share} now={now} /> },
    { header: 'Created', cell: (share) => <AbsoluteTime value={share.created_at} /> },
    { header: 'State', cell: (share) => <ShareState share={share} /> },
    { header: '', cell: (share) => <ShareActions share={share} showAudit={showAudit} /> },
  ];
}

function Remaining({ share, now }: { share: ShareSummary; now: number }) {
  if (share.state !== 'active') return <span data-testid="share-remaining">—</span>;
  return (
    <RelativeTime value={share.expires_at} now={now} testId="share-remaining">
      {formatRemaining(new Date(share.expires_at).getTime() - now)}
    </RelativeTime>
  );
}

function ShareState({ share }: { share: ShareSummary }) {
  return (
    <>
      <span className={`pill pill--${share.state}`}>{share.state}</span>
      {share.state === 'revoked' && share.revoked_by && <div className="muted small">by {share.revoked_by}</div>}
    </>
  );
}

function ShareActions({ share, showAudit }: { share: ShareSummary; showAudit: boolean }) {
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
  return (
    <div className="row-actions">
      {showAudit && (
        <Link
          href={`/audit${auditFiltersToSearch({ share_id: share.share_id })}`}
          className="button button--ghost button--small"
          aria-label={`Audit log of the share of ${share.device.name} by ${share.owner.name}`}
        >
          Audit
        </Link>
      )}
      <RecordingLink sessionId={share.session_id} description={`of ${share.device.name} by ${share.owner.name}`} />
      {share.state === 'active' && <ExtendShareButton share={share} />}
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
  );
}

import { useEffect, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useLocation, useSearch } from 'wouter';
import type { User } from '../../../protocol/rest.js';
import { auditExportUrl, auditFiltersFromSearch, auditFiltersToSearch, auditQuery, type AuditFilters } from '../../api/audit.js';
import { useTimeZone } from '../../state/timeZone.js';
import { ErrorMessage, PageLoading } from '../../ui/PageLoading.js';
import { usePageTitle } from '../../ui/usePageTitle.js';
import { can } from '../shell/permissions.js';
import { AuditFilterForm } from './AuditFilterForm.js';
import { AuditTable } from './AuditTable.js';
import { ChainVerdict, OneEventNotice } from './ChainVerdict.js';
import { useActorDirectory, type ActorDirectory } from './useActorDirectory.js';

/** The audit log. Its filters live in the address bar (/audit?share_id=…), so a view is a link to share. */
export default function AuditPage({ user }: { user: User }) {
  usePageTitle('Audit log');
  const search = useSearch();
  const [, navigate] = useLocation();
  const filters = useMemo(() => auditFiltersFromSearch(search), [search]);
  const zone = useTimeZone((state) => state.zone);
  const directory = useActorDirectory(can.listUsers(user.role));
  const apply = (next: AuditFilters) => navigate(`/audit${auditFiltersToSearch(next)}`);

  return (
    <section className="page" aria-labelledby="audit-title" data-testid="audit-page">
      <header className="page__header">
        <h1 id="audit-title">Audit log</h1>
        <span className="page__spacer" />
        <a className="button" href={auditExportUrl(filters, 'csv')} download data-testid="export-csv" aria-describedby="export-verifiable">
          Export CSV
        </a>
        <a className="button" href={auditExportUrl(filters, 'ndjson')} download data-testid="export-ndjson" aria-describedby="export-verifiable">
          Export NDJSON
        </a>
        <p id="export-verifiable" className="muted small audit__verifiable" data-testid="export-verifiable">
          Exports carry the hash chain and are verifiable offline: <code>npm run audit:verify -- file.ndjson</code>
        </p>
      </header>
      <ChainVerdict />
      {filters.event_id && <OneEventNotice eventId={filters.event_id} />}
      {/* Keyed by the filters and zone: a click-to-filter or a zone switch starts the form afresh. */}
      <AuditFilterForm key={`${search}|${zone}`} initial={filters} onApply={apply} actors={directory.actors} zone={zone} />
      <AuditResults key={search} filters={filters} directory={directory} />
    </section>
  );
}

function AuditResults({ filters, directory }: { filters: AuditFilters; directory: ActorDirectory }) {
  // Cursors of the pages before the current one, so Previous works with a forward-only API.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const page = useQuery(auditQuery(filters, cursor));
  const { learn } = directory;
  useEffect(() => {
    if (page.data) learn(page.data.events);
  }, [page.data, learn]);
  const nextCursor = page.isPlaceholderData ? null : (page.data?.next_cursor ?? null);

  return (
    <>
      {page.isPending && <PageLoading label="Loading events…" />}
      {page.isError && <ErrorMessage error={page.error} />}
      {page.data && page.data.events.length === 0 && <p className="empty-state">No events match these filters.</p>}
      {page.data && page.data.events.length > 0 && <AuditTable events={page.data.events} filters={filters} directory={directory} />}
      <nav className="pager" aria-label="Audit pages">
        <button type="button" className="button" disabled={cursors.length <= 1} onClick={() => setCursors((stack) => stack.slice(0, -1))}>
          Previous
        </button>
        <span className="muted">Page {cursors.length}</span>
        <button
          type="button"
          className="button"
          disabled={nextCursor === null}
          onClick={() => nextCursor && setCursors((stack) => [...stack, nextCursor])}
          data-testid="audit-next"
        >
          Next
        </button>
      </nav>
    </>
  );
}

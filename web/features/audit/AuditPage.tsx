import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { AuditEvent } from '../../../protocol/rest.js';
import { auditExportUrl, auditQuery, type AuditFilters } from '../../api/audit.js';
import { ErrorMessage, PageLoading } from '../../ui/PageLoading.js';
import { formatDateTime } from '../../ui/time.js';
import { AuditFilterForm } from './AuditFilterForm.js';
import { describeDetails } from './auditFormat.js';
import { DataTable } from '../../ui/DataTable.js';

export default function AuditPage() {
  const [filters, setFilters] = useState<AuditFilters>(() => filtersFromUrl());
  // Cursors of the pages before the current one, so Previous works with a forward-only API.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const page = useQuery(auditQuery(filters, cursor));

  const apply = (next: AuditFilters) => {
    setFilters(next);
    setCursors([null]);
  };

  return (
    <section className="page" aria-labelledby="audit-title" data-testid="audit-page">
      <header className="page__header">
        <h1 id="audit-title">Audit log</h1>
        <span className="page__spacer" />
        <a className="button" href={auditExportUrl(filters, 'csv')} download data-testid="export-csv">
          Export CSV
        </a>
        <a className="button" href={auditExportUrl(filters, 'ndjson')} download data-testid="export-ndjson">
          Export NDJSON
        </a>
      </header>
      <AuditFilterForm initial={filters} onApply={apply} />
      {page.isPending && <PageLoading label="Loading events…" />}
      {page.isError && <ErrorMessage error={page.error} />}
      {page.data && page.data.events.length === 0 && <p className="empty-state">No events match these filters.</p>}
      {page.data && page.data.events.length > 0 && <AuditTable events={page.data.events} />}
      <nav className="pager" aria-label="Audit pages">
        <button
          type="button"
          className="button"
          disabled={cursors.length <= 1}
          onClick={() => setCursors((stack) => stack.slice(0, -1))}
        >
          Previous
        </button>
        <span className="muted">Page {cursors.length}</span>
        <button
          type="button"
          className="button"
          disabled={!page.data?.next_cursor || page.isPlaceholderData}
          onClick={() => page.data?.next_cursor && setCursors((stack) => [...stack, page.data.next_cursor])}
          data-testid="audit-next"
        >
          Next
        </button>
      </nav>
    </section>
  );
}

function AuditTable({ events }: { events: AuditEvent[] }) {
  return (
    <DataTable
      caption="Audit events, newest first"
      columns={['Time', 'Event', 'Actor', 'Details', 'Share', 'Session', 'IP', 'Client', 'Instance']}
      dense
      testId="audit-table"
    >
      {events.map((event) => (
        <tr key={event.event_id} data-testid="audit-row" data-type={event.type}>
          <td className="nowrap">
            <time dateTime={event.at}>{formatDateTime(event.at)}</time>
          </td>
          <td>
            <span className={`pill pill--event pill--${event.type.split('.')[0]}`}>{event.type}</span>
          </td>
          <td>{event.actor_email ?? event.actor_user_id ?? '—'}</td>
          <td className="small">{describeDetails(event)}</td>
          <td className="mono small">{event.share_id ?? '—'}</td>
          <td className="mono small">{event.session_id ?? '—'}</td>
          <td className="mono small">{event.ip ?? '—'}</td>
          <td className="truncate small" title={event.user_agent ?? undefined}>
            {event.user_agent ?? '—'}
          </td>
          <td className="small">{event.instance_id}</td>
        </tr>
      ))}
    </DataTable>
  );
}

/** Filters can arrive in the URL (/audit?share_id=…), e.g. from a link in Manage Shares. */
function filtersFromUrl(): AuditFilters {
  const params = new URLSearchParams(window.location.search);
  const pick = (key: keyof AuditFilters) => params.get(key) ?? undefined;
  return {
    share_id: pick('share_id'),
    session_id: pick('session_id'),
    user_id: pick('user_id'),
    type: pick('type') as AuditFilters['type'],
    from: pick('from'),
    to: pick('to'),
  };
}

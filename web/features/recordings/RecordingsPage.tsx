import { useEffect, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useLocation, useSearch } from 'wouter';
import type { Recording, User } from '../../../protocol/rest.js';
import { usersQuery } from '../../api/admin.js';
import { recordingFiltersFromSearch, recordingFiltersToSearch, recordingsQuery, type RecordingFilters } from '../../api/recordings.js';
import { useTimeZone } from '../../state/timeZone.js';
import { DataTable, type Column } from '../../ui/DataTable.js';
import { ErrorMessage, PageLoading } from '../../ui/PageLoading.js';
import { AbsoluteTime } from '../../ui/Time.js';
import { formatSpan } from '../../ui/time.js';
import { usePageTitle } from '../../ui/usePageTitle.js';
import type { Actor } from '../audit/useActorDirectory.js';
import { can } from '../shell/permissions.js';
import { RecordingFilterForm } from './RecordingFilterForm.js';
import { formatBytes } from './format.js';

/** Session recordings (DESIGN.md §14): one's own, or everyone's for noc_lead and admin. Filters live in the address bar. */
export default function RecordingsPage({ user }: { user: User }) {
  usePageTitle('Recordings');
  const search = useSearch();
  const [, navigate] = useLocation();
  const filters = useMemo(() => recordingFiltersFromSearch(search), [search]);
  const zone = useTimeZone((state) => state.zone);
  const everyone = can.readAllRecordings(user.role);
  const [owners, learnOwners] = useOwnerDirectory(can.listUsers(user.role));
  const apply = (next: RecordingFilters) => navigate(`/recordings${recordingFiltersToSearch(next)}`);

  return (
    <section className="page" aria-labelledby="recordings-title" data-testid="recordings-page">
      <header className="page__header">
        <h1 id="recordings-title">Recordings</h1>
        <p className="muted">{everyone ? 'Every session’s output, as its owner saw it.' : 'The output of your sessions, as you saw it.'} Opening one is audited.</p>
      </header>
      <RecordingFilterForm key={`${search}|${zone}`} initial={filters} onApply={apply} actors={everyone ? owners : null} zone={zone} />
      <RecordingResults key={search} filters={filters} onRows={learnOwners} />
    </section>
  );
}

function RecordingResults({ filters, onRows }: { filters: RecordingFilters; onRows: (rows: Recording[]) => void }) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const page = useQuery(recordingsQuery(filters, cursor));
  useEffect(() => {
    if (page.data) onRows(page.data.recordings);
  }, [page.data, onRows]);
  const nextCursor = page.isPlaceholderData ? null : (page.data?.next_cursor ?? null);
  return (
    <>
      {page.isPending && <PageLoading label="Loading recordings…" />}
      {page.isError && <ErrorMessage error={page.error} />}
      {page.data && page.data.recordings.length === 0 && <p className="empty-state">No recordings match these filters.</p>}
      {page.data && page.data.recordings.length > 0 && (
        <DataTable
          caption="Recordings, newest first"
          columns={recordingColumns}
          rows={page.data.recordings}
          rowKey={(recording) => recording.recording_id}
          rowAttributes={(recording) => ({ 'data-testid': 'recording-row', 'data-recording-id': recording.recording_id })}
          dense
          testId="recordings-table"
        />
      )}
      <nav className="pager" aria-label="Recording pages">
        <button type="button" className="button" disabled={cursors.length <= 1} onClick={() => setCursors((stack) => stack.slice(0, -1))}>
          Previous
        </button>
        <span className="muted">Page {cursors.length}</span>
        <button type="button" className="button" disabled={nextCursor === null} onClick={() => nextCursor && setCursors((stack) => [...stack, nextCursor])} data-testid="recordings-next">
          Next
        </button>
      </nav>
    </>
  );
}

const recordingColumns: Column<Recording>[] = [
  { header: 'Started', cell: (r) => <AbsoluteTime value={r.started_at} /> },
  {
    header: 'Session',
    className: 'break',
    cell: (r) => (
      <>
        <strong>{r.device.name}</strong>
        <div className="muted mono small">{r.session_id}</div>
      </>
    ),
  },
  {
    header: 'Owner',
    className: 'break',
    cell: (r) => (
      <>
        {r.owner.name}
        <div className="muted small">{r.owner.email}</div>
      </>
    ),
  },
  { header: 'Length', cell: (r) => <RecordingLength recording={r} /> },
  { header: 'Output', className: 'mono', cell: (r) => formatBytes(r.bytes) },
  { header: 'Shared', cell: (r) => (r.shared ? <span className="pill pill--share">shared</span> : <span className="muted">no</span>) },
  {
    header: '',
    cell: (r) => (
      <Link href={`/recordings/${encodeURIComponent(r.recording_id)}`} className="button button--small" aria-label={`Play the recording of ${r.device.name} by ${r.owner.name}`} data-testid="recording-play">
        Play
      </Link>
    ),
  },
];

function RecordingLength({ recording }: { recording: Recording }) {
  return (
    <>
      {formatSpan(recording.duration_ms)}
      {recording.ended_at === null && (
        <>
          {' '}
          <span className="pill pill--active">live</span>
        </>
      )}
      {recording.truncated && <div className="muted small">stopped at the size limit</div>}
    </>
  );
}

/** Users the User filter offers: everyone (admins may list users), else the owners seen so far. */
function useOwnerDirectory(canListUsers: boolean): [Actor[], (rows: Recording[]) => void] {
  const users = useQuery({ ...usersQuery, enabled: canListUsers });
  const [seen, setSeen] = useState<ReadonlyMap<string, Actor>>(new Map());
  const learn = useMemo(
    () => (rows: Recording[]) =>
      setSeen((current) => {
        const fresh = rows.filter((r) => !current.has(r.owner.user_id));
        return fresh.length === 0 ? current : new Map([...current, ...fresh.map((r) => [r.owner.user_id, { user_id: r.owner.user_id, email: r.owner.email, name: r.owner.name }] as const)]);
      }),
    [],
  );
  const actors = useMemo(() => {
    const all = new Map(seen);
    for (const u of users.data?.users ?? []) all.set(u.user_id, { user_id: u.user_id, email: u.email, name: u.name });
    return [...all.values()].sort((a, b) => (a.name ?? a.email).localeCompare(b.name ?? b.email));
  }, [seen, users.data]);
  return [actors, learn];
}

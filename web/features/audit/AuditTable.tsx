import type { AuditEvent } from '../../../protocol/rest.js';
import type { AuditFilters } from '../../api/audit.js';
import { useTimeZone } from '../../state/timeZone.js';
import { useToasts } from '../../state/toasts.js';
import { copyText } from '../../ui/clipboard.js';
import { DataTable, type Column } from '../../ui/DataTable.js';
import { CopyIcon } from '../../ui/icons.js';
import { AbsoluteTime } from '../../ui/Time.js';
import { useCoarseNow } from '../../ui/time.js';
import { describeUserAgent } from '../../ui/userAgent.js';
import { describeDetails, shortId, type DescribeContext } from './auditFormat.js';
import { RecordingLink } from '../recordings/RecordingLink.js';
import { FilterLink } from './filterLinks.js';
import type { ActorDirectory } from './useActorDirectory.js';

export interface AuditTableProps {
  events: AuditEvent[];
  filters: AuditFilters;
  directory: ActorDirectory;
}

export function AuditTable({ events, filters, directory }: AuditTableProps) {
  const zone = useTimeZone((state) => state.zone);
  const now = useCoarseNow();
  return (
    <DataTable
      caption="Audit events, newest first"
      columns={auditColumns(filters, directory, { zone, now })}
      rows={events}
      rowKey={(event) => event.event_id}
      rowAttributes={(event) => ({ 'data-testid': 'audit-row', 'data-type': event.type })}
      dense
      stackBelow="wide"
      testId="audit-table"
    />
  );
}

function auditColumns(filters: AuditFilters, directory: ActorDirectory, context: DescribeContext): Column<AuditEvent>[] {
  return [
    { header: 'Time', className: 'audit__time', cell: (event) => <AbsoluteTime value={event.at} /> },
    {
      header: 'Event',
      cell: (event) => (
        <FilterLink filters={filters} patch={{ type: event.type }} kind="event type" className={`pill pill--event pill--${event.type.split('.')[0]}`}>
          {event.type}
        </FilterLink>
      ),
    },
    { header: 'Actor', className: 'break', cell: (event) => <ActorCell event={event} filters={filters} directory={directory} /> },
    { header: 'Details', className: 'audit__details', cell: (event) => <span data-testid="audit-details">{describeDetails(event, context)}</span> },
    { header: 'Share · session', cell: (event) => <SubjectCell event={event} filters={filters} /> },
    { header: 'Client', className: 'break', cell: (event) => <ClientCell event={event} /> },
  ];
}

function ActorCell({ event, filters, directory }: { event: AuditEvent; filters: AuditFilters; directory: ActorDirectory }) {
  const userId = event.actor_user_id;
  if (!userId) return <span className="muted">—</span>;
  const known = directory.lookup(userId);
  const email = event.actor_email || known?.email || null;
  const label = known?.name ?? email ?? shortId(userId);
  return (
    <div className="actor">
      <FilterLink filters={filters} patch={{ user_id: userId }} kind="user" title={userId} className="actor__name">
        {label}
      </FilterLink>
      <CopyIdButton id={userId} noun="user id" />
      {known?.name && email && <div className="muted small">{email}</div>}
    </div>
  );
}

function CopyIdButton({ id, noun }: { id: string; noun: string }) {
  const showToast = useToasts((state) => state.show);
  const copy = async () => {
    const copied = await copyText(id);
    showToast(copied ? { message: `Copied ${noun} ${id}.`, tone: 'success' } : { message: `Could not copy the ${noun}.`, tone: 'error' });
  };
  return (
    <button type="button" className="icon-button icon-button--small" aria-label={`Copy ${noun} ${id}`} title={`Copy ${noun} ${id}`} onClick={() => void copy()}>
      <CopyIcon />
    </button>
  );
}

function SubjectCell({ event, filters }: { event: AuditEvent; filters: AuditFilters }) {
  if (!event.share_id && !event.session_id) return <span className="muted">—</span>;
  return (
    <div className="subject">
      {event.share_id && (
        <FilterLink filters={filters} patch={{ share_id: event.share_id }} kind="share" title={event.share_id} className="mono small">
          {shortId(event.share_id)}
        </FilterLink>
      )}
      {event.session_id && (
        <FilterLink filters={filters} patch={{ session_id: event.session_id }} kind="session" title={event.session_id} className="mono small">
          {shortId(event.session_id)}
        </FilterLink>
      )}
      {event.session_id && <RecordingLink sessionId={event.session_id} description={`of session ${event.session_id}`} className="subject__recording small" />}
    </div>
  );
}

function ClientCell({ event }: { event: AuditEvent }) {
  const client = describeUserAgent(event.user_agent);
  return (
    <>
      <div title={event.user_agent ?? undefined} data-testid="audit-client">
        {client ?? <span className="muted">—</span>}
      </div>
      {event.ip && <div className="mono small muted">{event.ip}</div>}
      <div className="small muted">via {event.instance_id}</div>
    </>
  );
}

import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import type { AuditChainFault, AuditChainVerdict } from '../../../protocol/rest.js';
import { auditFiltersToSearch, auditVerifyQuery } from '../../api/audit.js';

const faults: Record<AuditChainFault, string> = {
  hash_mismatch: 'its fields no longer match its hash: it was edited',
  broken_link: 'it does not follow the event before it: an event was deleted, inserted or moved',
  seq_gap: 'the numbering jumps: events were removed and the rest re-chained',
  head_mismatch: 'the chain ends early: events were cut off the end',
  malformed_line: 'it is not an audit event',
};

const numbers = new Intl.NumberFormat();

/** The verdict of GET /audit/verify (DESIGN.md §15) above the audit log. */
export function ChainVerdict() {
  const verdict = useQuery(auditVerifyQuery);
  return (
    <div className={`chain-verdict chain-verdict--${verdict.data ? (verdict.data.ok ? 'ok' : 'bad') : 'pending'}`} role="status" data-testid="chain-verdict">
      {verdict.isPending && 'Verifying the audit chain…'}
      {verdict.isError && <>Could not verify the audit chain: {verdict.error.message}</>}
      {verdict.data && <VerdictText verdict={verdict.data} />}
      <button type="button" className="button button--ghost button--small" onClick={() => void verdict.refetch()} disabled={verdict.isFetching}>
        Verify again
      </button>
    </div>
  );
}

function VerdictText({ verdict }: { verdict: AuditChainVerdict }) {
  if (verdict.ok) {
    return (
      <span>
        <strong>Chain verified:</strong> {numbers.format(verdict.events)} events, head{' '}
        <code title={verdict.head} data-testid="chain-head">
          {verdict.head.slice(0, 8)}…
        </code>
      </span>
    );
  }
  const where = verdict.first_bad_event_id ? (
    <Link href={`/audit${auditFiltersToSearch({ event_id: verdict.first_bad_event_id })}`} className="mono" data-testid="chain-bad-event">
      {verdict.first_bad_event_id}
    </Link>
  ) : (
    'its end'
  );
  return (
    <span>
      <strong>Chain broken</strong> at event #{numbers.format(verdict.events_checked)} ({where}): {faults[verdict.reason]}.
    </span>
  );
}

/** Shown while the log is narrowed to one event (the link from a broken chain). */
export function OneEventNotice({ eventId }: { eventId: string }) {
  return (
    <p className="notice" data-testid="one-event-notice">
      Showing event <code>{eventId}</code> only. <Link href="/audit">Show all events</Link>
    </p>
  );
}

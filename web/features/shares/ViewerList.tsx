import { useId, useRef, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ShareSummary } from '../../../protocol/rest.js';
import { refreshShares, removeViewer } from '../../api/shares.js';
import { useToasts } from '../../state/toasts.js';
import { EyeIcon } from '../../ui/icons.js';
import { Popover } from '../../ui/Popover.js';
import { AbsoluteTime } from '../../ui/Time.js';
import { formatRelative, useNow } from '../../ui/time.js';
import { canRemove, groupViewers, viewerCapacity, viewerLabel, type ViewerGroup } from './viewerGroups.js';

type ViewedShare = Pick<ShareSummary, 'session_id' | 'share_id' | 'viewers'>;

export interface ViewerListProps {
  shares: readonly ViewedShare[];
  /** Offer "Remove" per person (the session's owner, a NOC lead, an admin: DESIGN.md §13). */
  removable?: boolean;
}

/** Who is watching, each person once ("×2" for two browser tabs), since when. */
export function ViewerList({ shares, removable = false }: ViewerListProps) {
  const now = useNow(5_000);
  const groups = groupViewers(shares);
  if (groups.length === 0) return <p className="muted">Nobody is watching right now.</p>;
  return (
    <ul className="viewer-list" data-testid="viewer-list">
      {groups.map((group) => (
        <li key={group.userId} data-testid="viewer-entry" data-user-id={group.userId}>
          <span className="viewer-list__name">
            {viewerLabel(group)}
            {group.connections.length > 1 && (
              <span className="viewer-list__count" data-testid="viewer-connections">
                {' '}
                ×{group.connections.length}
                <span className="visually-hidden"> (in {group.connections.length} browser tabs)</span>
              </span>
            )}
          </span>
          {group.name && <span className="viewer-list__email">{group.email}</span>}
          <span className="viewer-list__time">
            since <AbsoluteTime value={group.since} date={false} /> · {formatRelative(group.since, now)}
          </span>
          {removable && canRemove(group) && <RemoveViewer group={group} />}
        </li>
      ))}
    </ul>
  );
}

/**
 * Removes a person from the share (every connection they have open to it), after asking, with
 * the option to bar them from it for its life; they see who removed them (close 4412).
 */
function RemoveViewer({ group }: { group: ViewerGroup }) {
  const [confirming, setConfirming] = useState(false);
  const [bar, setBar] = useState(false);
  const barId = useId();
  const checkboxRef = useRef<HTMLInputElement>(null);
  const remove = useRemoveViewer(group);
  const label = viewerLabel(group);
  if (!confirming) {
    return (
      <div className="viewer-list__actions">
        <button
          type="button"
          className="button button--small"
          aria-label={`Remove ${label}`}
          data-testid="remove-viewer"
          onClick={() => {
            setConfirming(true);
            requestAnimationFrame(() => checkboxRef.current?.focus());
          }}
        >
          Remove
        </button>
      </div>
    );
  }
  return (
    <div className="viewer-list__confirm" role="group" aria-label={`Remove ${label}`} data-testid="remove-viewer-confirm">
      <label className="checkbox" htmlFor={barId}>
        <input id={barId} ref={checkboxRef} type="checkbox" checked={bar} onChange={(event) => setBar(event.target.checked)} data-testid="bar-viewer" />
        <span>Also bar them from this share</span>
      </label>
      {remove.isError && (
        <p className="error-text small" role="alert">
          Could not remove {label}: {remove.error.message}
        </p>
      )}
      <div className="viewer-list__actions">
        <button type="button" className="button button--ghost button--small" onClick={() => setConfirming(false)}>
          Cancel
        </button>
        <button type="button" className="button button--danger button--small" disabled={remove.isPending} onClick={() => remove.mutate(bar)} data-testid="confirm-remove-viewer">
          {remove.isPending ? 'Removing…' : 'Remove'}
        </button>
      </div>
    </div>
  );
}

function useRemoveViewer(group: ViewerGroup) {
  const queryClient = useQueryClient();
  const showToast = useToasts((state) => state.show);
  return useMutation({
    mutationFn: (bar: boolean) =>
      Promise.all(group.connections.map(({ sessionId, shareId, viewer }) => removeViewer(sessionId, shareId, viewer.connection_id ?? '', bar))),
    onSuccess: (removed) => {
      for (const sessionId of new Set(group.connections.map((connection) => connection.sessionId))) refreshShares(queryClient, sessionId);
      const barred = removed.some((result) => result.barred);
      showToast({ message: `Removed ${viewerLabel(group)}${barred ? '; they cannot rejoin this share' : ''}.`, tone: 'success' });
    },
  });
}

export interface ViewerCountButtonProps {
  shares: readonly Pick<ShareSummary, 'session_id' | 'share_id' | 'viewers' | 'viewer_count' | 'max_viewers'>[];
  removable?: boolean;
  className?: string;
  testId?: string;
  /** See Popover's `pointerOnly`. */
  pointerOnly?: boolean;
}

/** A viewer count ("3", or "3/10" when the shares cap it) that opens the list of who is watching. */
export function ViewerCountButton({ shares, removable, className, testId, pointerOnly }: ViewerCountButtonProps) {
  const { count, max } = viewerCapacity(shares);
  // "1 viewer", but "1 of at most 5 viewers".
  const noun = (max ?? count) === 1 ? 'viewer' : 'viewers';
  const of = max === null ? '' : ` of at most ${max}`;
  return (
    <Popover
      trigger={
        <>
          <EyeIcon />{' '}
          <span>
            <span data-testid={testId ? `${testId}-count` : undefined}>{count}</span>
            {max !== null && <span data-testid={testId ? `${testId}-max` : undefined}>/{max}</span>}
          </span>
        </>
      }
      triggerLabel={`${count}${of} ${noun} watching, show who`}
      triggerClassName={className ?? 'badge'}
      triggerTestId={testId}
      title={`${count}${of} ${noun}`}
      testId="viewer-popover"
      pointerOnly={pointerOnly}
    >
      <ViewerList shares={shares} removable={removable} />
    </Popover>
  );
}

import type { Viewer } from '../../../protocol/rest.js';
import { EyeIcon } from '../../ui/icons.js';
import { Popover } from '../../ui/Popover.js';
import { AbsoluteTime } from '../../ui/Time.js';
import { formatRelative, useNow } from '../../ui/time.js';

export function ViewerList({ viewers }: { viewers: Viewer[] }) {
  const now = useNow(5_000);
  if (viewers.length === 0) return <p className="muted">Nobody is watching right now.</p>;
  return (
    <ul className="viewer-list" data-testid="viewer-list">
      {viewers.map((viewer) => (
        <li key={`${viewer.user_id}-${viewer.connected_at}`}>
          <span className="viewer-list__name">{viewer.name ?? viewer.email}</span>
          {viewer.name && <span className="viewer-list__email">{viewer.email}</span>}
          <span className="viewer-list__time">
            since <AbsoluteTime value={viewer.connected_at} date={false} /> · {formatRelative(viewer.connected_at, now)}
          </span>
        </li>
      ))}
    </ul>
  );
}

export interface ViewerCountButtonProps {
  count: number;
  viewers: Viewer[];
  className?: string;
  testId?: string;
  /** See Popover's `pointerOnly`. */
  pointerOnly?: boolean;
}

/** A viewer count that opens the list of who is watching and since when. */
export function ViewerCountButton({ count, viewers, className, testId, pointerOnly }: ViewerCountButtonProps) {
  const noun = count === 1 ? 'viewer' : 'viewers';
  return (
    <Popover
      trigger={
        <>
          <EyeIcon />{' '}
          <span data-testid={testId ? `${testId}-count` : undefined}>{count}</span>
        </>
      }
      triggerLabel={`${count} ${noun} watching, show who`}
      triggerClassName={className ?? 'badge'}
      triggerTestId={testId}
      title={`${count} ${noun}`}
      testId="viewer-popover"
      pointerOnly={pointerOnly}
    >
      <ViewerList viewers={viewers} />
    </Popover>
  );
}

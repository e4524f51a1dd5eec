import { Link } from 'wouter';
import { recordingIdFor } from '../../../protocol/rest.js';

export interface RecordingLinkProps {
  sessionId: string;
  /** Read out after "Recording": whose session it is ("of lab-rtr-01 by Ada"). */
  description?: string;
  className?: string;
}

/** "Recording": straight to the player of a session's recording (its id follows from the session's). */
export function RecordingLink({ sessionId, description, className = 'button button--ghost button--small' }: RecordingLinkProps) {
  return (
    <Link href={`/recordings/${encodeURIComponent(recordingIdFor(sessionId))}`} className={className} aria-label={description ? `Recording ${description}` : undefined} data-testid="recording-link">
      Recording
    </Link>
  );
}

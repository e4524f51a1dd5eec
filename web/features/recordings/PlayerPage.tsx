import { useCallback, useRef, useState, type KeyboardEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'wouter';
import type { RecordingTimeline } from '../../../protocol/rest.js';
import { isApiError } from '../../api/http.js';
import { recordingCastUrl, recordingChunkQuery, recordingTimelineQuery } from '../../api/recordings.js';
import type { TerminalController } from '../../terminal/terminalController.js';
import { TerminalView } from '../../terminal/TerminalView.js';
import { ErrorMessage, PageLoading } from '../../ui/PageLoading.js';
import { AbsoluteTime } from '../../ui/Time.js';
import { formatSpan } from '../../ui/time.js';
import { usePageTitle } from '../../ui/usePageTitle.js';
import { RecordingPlayer, type PlayerState } from './player.js';
import { PlayerControls, type PlayerActions } from './PlayerControls.js';
import { terminalSink } from './terminalSink.js';

/** /recordings/:id: a recording played back in xterm.js (DESIGN.md §14). */
export default function PlayerPage({ recordingId }: { recordingId: string }) {
  const timeline = useQuery(recordingTimelineQuery(recordingId));
  usePageTitle(timeline.data ? `Recording of ${timeline.data.recording.device.name}` : 'Recording');
  if (timeline.isPending) return <PageLoading label="Loading the recording…" />;
  if (timeline.isError) {
    const missing = isApiError(timeline.error, 404);
    return (
      <section className="page" data-testid="player-error">
        <h1>{missing ? 'No recording' : 'Recording not available'}</h1>
        {missing ? <p>This session has no recording: it was not recorded, or it is past its retention.</p> : <ErrorMessage error={timeline.error} />}
        <p>
          <Link href="/recordings">All recordings</Link>
        </p>
      </section>
    );
  }
  return <RecordingView timeline={timeline.data} />;
}

const seekStepMs = 5_000;

function RecordingView({ timeline }: { timeline: RecordingTimeline }) {
  const { recording } = timeline;
  const queryClient = useQueryClient();
  const playerRef = useRef<RecordingPlayer | null>(null);
  const [state, setState] = useState<PlayerState | null>(null);

  const onReady = useCallback(
    (controller: TerminalController) => {
      const player = new RecordingPlayer({
        timeline,
        loadChunk: (seq) => queryClient.fetchQuery(recordingChunkQuery(recording.recording_id, seq)),
        sink: terminalSink(controller),
        onChange: setState,
      });
      playerRef.current = player;
      void player.start();
      return () => {
        player.dispose();
        playerRef.current = null;
      };
    },
    [timeline, queryClient, recording.recording_id],
  );

  const actions: PlayerActions = {
    toggle: () => playerRef.current?.toggle(),
    seek: (ms) => void playerRef.current?.seek(ms),
    setSpeed: (speed) => playerRef.current?.setSpeed(speed),
    setSkipIdle: (skip) => playerRef.current?.setSkipIdle(skip),
    nextOutput: () => void playerRef.current?.nextOutput(),
  };

  return (
    <section className="page player-page" aria-labelledby="player-title" data-testid="player-page" onKeyDown={(event) => playerKeys(event, actions, playerRef.current)}>
      <header className="page__header">
        <h1 id="player-title">
          {recording.device.name} <span className="muted">· {recording.owner.name}</span>
        </h1>
        <span className="muted">
          <AbsoluteTime value={recording.started_at} /> · {formatSpan(recording.duration_ms)}
          {recording.ended_at === null ? ' so far (live)' : ''}
          {recording.truncated ? ' · stopped at the size limit' : ''}
        </span>
        <span className="page__spacer" />
        <Link href="/recordings" className="button button--ghost">
          All recordings
        </Link>
        <a className="button" href={recordingCastUrl(recording.recording_id, true)} download data-testid="player-download">
          Download (.cast)
        </a>
      </header>
      <div className="player-stage">
        <TerminalView options={{ mode: 'scale', readOnly: true, ariaLabel: `Recording of ${recording.device.name}` }} onReady={onReady} testId="player-terminal" />
      </div>
      {state && <PlayerControls state={state} actions={actions} />}
      <p className="muted small">Keys: Space plays or pauses, ← and → go back or ahead 5 s, N jumps to the next output. The download plays in asciinema.</p>
    </section>
  );
}

/** Space, arrows and N anywhere on the page, except where a control has its own use for the key. */
function playerKeys(event: KeyboardEvent, actions: PlayerActions, player: RecordingPlayer | null): void {
  const target = event.target as HTMLElement;
  const ownUse = target.closest('button, select, a') ? event.key === ' ' || event.key === 'Enter' : target.closest('input') !== null;
  if (ownUse || !player || event.altKey || event.ctrlKey || event.metaKey) return;
  const position = player.current.positionMs;
  const handlers: Record<string, () => void> = {
    ' ': actions.toggle,
    ArrowLeft: () => actions.seek(position - seekStepMs),
    ArrowRight: () => actions.seek(position + seekStepMs),
    n: actions.nextOutput,
    N: actions.nextOutput,
  };
  const handler = handlers[event.key];
  if (!handler) return;
  event.preventDefault();
  handler();
}

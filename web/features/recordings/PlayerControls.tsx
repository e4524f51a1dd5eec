import { useId } from 'react';
import { formatClock, formatSpan } from '../../ui/time.js';
import { playbackSpeeds, type PlaybackSpeed, type PlayerState } from './player.js';

export interface PlayerActions {
  toggle(): void;
  seek(ms: number): void;
  setSpeed(speed: PlaybackSpeed): void;
  setSkipIdle(skip: boolean): void;
  nextOutput(): void;
}

/** Play/pause, the seek bar with elapsed and total time, speed, skip idle time, next output. */
export function PlayerControls({ state, actions }: { state: PlayerState; actions: PlayerActions }) {
  const seekId = useId();
  const { positionMs, durationMs } = state;
  return (
    <div className="player-controls" role="group" aria-label="Playback" data-testid="player-controls">
      <button type="button" className="button button--primary" onClick={actions.toggle} aria-keyshortcuts="Space" data-testid="player-toggle">
        {state.playing ? 'Pause' : state.atEnd ? 'Replay' : 'Play'}
      </button>
      <label htmlFor={seekId} className="visually-hidden">
        Position
      </label>
      <input
        id={seekId}
        type="range"
        className="player-controls__seek"
        min={0}
        max={Math.max(1, durationMs)}
        step={100}
        value={Math.round(positionMs)}
        onChange={(event) => actions.seek(Number(event.target.value))}
        aria-valuetext={`${formatSpan(positionMs)} of ${formatSpan(durationMs)}`}
        aria-keyshortcuts="ArrowLeft ArrowRight"
        data-testid="player-seek"
      />
      <span className="mono player-controls__time" data-testid="player-time">
        {formatClock(positionMs)} / {formatClock(durationMs)}
      </span>
      <div className="player-controls__speeds" role="group" aria-label="Speed">
        {playbackSpeeds.map((speed) => (
          <button
            key={speed}
            type="button"
            className={speed === state.speed ? 'button button--small button--pressed' : 'button button--small'}
            aria-pressed={speed === state.speed}
            onClick={() => actions.setSpeed(speed)}
            data-testid={`player-speed-${speed}`}
          >
            {speed}×
          </button>
        ))}
      </div>
      <label className="checkbox player-controls__skip">
        <input type="checkbox" checked={state.skipIdle} onChange={(event) => actions.setSkipIdle(event.target.checked)} data-testid="player-skip-idle" /> Skip idle time
      </label>
      <button type="button" className="button button--small" onClick={actions.nextOutput} aria-keyshortcuts="N" data-testid="player-next-output">
        Next output
      </button>
      <span className="muted small" aria-live="polite" data-testid="player-status" data-seek-ms={state.lastSeekMs ?? undefined}>
        {state.error ? `Playback stopped: ${state.error}` : state.loading ? 'Loading…' : ''}
      </span>
    </div>
  );
}

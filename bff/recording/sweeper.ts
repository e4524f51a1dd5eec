/** Retention (DESIGN.md §14): every instance sweeps; the deletes are conditional, so each recording goes once. */
import type { Logger } from 'pino';
import { OutageLog } from '../store/outageLog.js';
import type { RecordingService } from './service.js';

export const recordingSweepMs = 60_000;

/** Sweeps now and then every `intervalMs`; returns the stop function. */
export function startRecordingSweeper(recordings: Pick<RecordingService, 'sweepExpired'>, logger: Logger, intervalMs = recordingSweepMs): () => void {
  const outage = new OutageLog(logger, 'recording retention sweep');
  let running = false;
  const sweep = () => {
    if (running) return;
    running = true;
    recordings
      .sweepExpired()
      .then((deleted) => {
        outage.ok();
        if (deleted > 0) logger.info({ deleted }, 'recordings past retention deleted');
      }, (err) => outage.failed(err))
      .finally(() => (running = false));
  };
  const timer = setInterval(sweep, intervalMs);
  timer.unref();
  sweep();
  return () => clearInterval(timer);
}

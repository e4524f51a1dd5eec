import type { FormEvent } from 'react';
import { filterText, useFilterDraft } from '../../ui/useFilterDraft.js';
import type { RecordingFilters } from '../../api/recordings.js';
import { Field } from '../../ui/Field.js';
import { fromDateTimeInput, toDateTimeInput, zoneName, type TimeZoneMode } from '../../ui/time.js';
import type { Actor } from '../audit/useActorDirectory.js';

export interface RecordingFilterFormProps {
  initial: RecordingFilters;
  onApply: (filters: RecordingFilters) => void;
  /** Whose recordings the User filter offers; null: only one's own are listed (no User filter). */
  actors: Actor[] | null;
  zone: TimeZoneMode;
}

type Draft = Record<'session_id' | 'user_id' | 'device' | 'from' | 'to', string>;

const draftOf = (filters: RecordingFilters, zone: TimeZoneMode): Draft => ({
  session_id: filters.session_id ?? '',
  user_id: filters.user_id ?? '',
  device: filters.device ?? '',
  from: toDateTimeInput(filters.from, zone),
  to: toDateTimeInput(filters.to, zone),
});

/** Session, user, device and time, like the audit log's filters; From/To select recordings active in that window. */
export function RecordingFilterForm({ initial, onApply, actors, zone }: RecordingFilterFormProps) {
  const { draft, set } = useFilterDraft<Draft>(() => draftOf(initial, zone));
  const zoneLabel = zoneName(zone);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const text = filterText;
    onApply({
      session_id: text(draft.session_id),
      user_id: text(draft.user_id),
      device: text(draft.device),
      from: fromDateTimeInput(draft.from, zone),
      to: fromDateTimeInput(draft.to, zone),
    });
  };
  return (
    <form className="filters" onSubmit={submit} aria-label="Recording filters" data-testid="recording-filters">
      <Field label="Session">{(control) => <input {...control} value={draft.session_id} onChange={set('session_id')} placeholder="session id" className="mono" />}</Field>
      {actors && (
        <Field label="User">
          {(control) => (
            <select {...control} value={draft.user_id} onChange={set('user_id')} data-testid="recording-user">
              <option value="">Anyone</option>
              {draft.user_id !== '' && !actors.some((actor) => actor.user_id === draft.user_id) && <option value={draft.user_id}>{draft.user_id}</option>}
              {actors.map((actor) => (
                <option key={actor.user_id} value={actor.user_id}>
                  {actor.name ? `${actor.name} (${actor.email})` : actor.email}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field label="Device">{(control) => <input {...control} value={draft.device} onChange={set('device')} placeholder="part of the name" data-testid="recording-device" />}</Field>
      <Field label={`From (${zoneLabel})`}>{(control) => <input {...control} type="datetime-local" value={draft.from} onChange={set('from')} />}</Field>
      <Field label={`To (${zoneLabel})`}>{(control) => <input {...control} type="datetime-local" value={draft.to} onChange={set('to')} />}</Field>
      <div className="filters__actions">
        <button type="submit" className="button button--primary">
          Apply
        </button>
        <button type="button" className="button button--ghost" onClick={() => onApply({})}>
          Reset
        </button>
      </div>
    </form>
  );
}

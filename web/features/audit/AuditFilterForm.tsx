import type { FormEvent } from 'react';
import { filterText, useFilterDraft } from '../../ui/useFilterDraft.js';
import { AuditType } from '../../../protocol/rest.js';
import type { AuditFilters } from '../../api/audit.js';
import { Field, type FieldControlProps } from '../../ui/Field.js';
import { fromDateTimeInput, toDateTimeInput, zoneName, type TimeZoneMode } from '../../ui/time.js';
import type { Actor } from './useActorDirectory.js';

export interface AuditFilterFormProps {
  initial: AuditFilters;
  onApply: (filters: AuditFilters) => void;
  /** Who the User filter offers. */
  actors: Actor[];
  /** The zone From and To are typed in: the one every time on the page is shown in. */
  zone: TimeZoneMode;
}

type Draft = Record<'share_id' | 'session_id' | 'user_id' | 'type' | 'from' | 'to', string>;

function draftOf(filters: AuditFilters, zone: TimeZoneMode): Draft {
  return {
    share_id: filters.share_id ?? '',
    session_id: filters.session_id ?? '',
    user_id: filters.user_id ?? '',
    type: filters.type ?? '',
    from: toDateTimeInput(filters.from, zone),
    to: toDateTimeInput(filters.to, zone),
  };
}

export function AuditFilterForm({ initial, onApply, actors, zone }: AuditFilterFormProps) {
  const { draft, set } = useFilterDraft<Draft>(() => draftOf(initial, zone));
  const zoneLabel = zoneName(zone);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const text = filterText;
    onApply({
      share_id: text(draft.share_id),
      session_id: text(draft.session_id),
      user_id: text(draft.user_id),
      type: AuditType.safeParse(draft.type).data,
      from: fromDateTimeInput(draft.from, zone),
      to: fromDateTimeInput(draft.to, zone),
    });
  };

  return (
    <form className="filters" onSubmit={submit} aria-label="Audit filters" data-testid="audit-filters">
      <Field label="Share">{(control) => <input {...control} value={draft.share_id} onChange={set('share_id')} placeholder="share id" className="mono" />}</Field>
      <Field label="Session">
        {(control) => <input {...control} value={draft.session_id} onChange={set('session_id')} placeholder="session id" className="mono" />}
      </Field>
      <Field label="User">{(control) => <UserSelect control={control} value={draft.user_id} onChange={set('user_id')} actors={actors} />}</Field>
      <Field label="Event type">
        {(control) => (
          <select {...control} value={draft.type} onChange={set('type')} data-testid="audit-type">
            <option value="">Any</option>
            {AuditType.options.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        )}
      </Field>
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

interface UserSelectProps {
  control: FieldControlProps;
  value: string;
  onChange: (event: { target: { value: string } }) => void;
  actors: Actor[];
}

/** Users by name and email; a filtered user nobody here knows by name still shows, by id. */
function UserSelect({ control, value, onChange, actors }: UserSelectProps) {
  const unknown = value !== '' && !actors.some((actor) => actor.user_id === value);
  return (
    <select {...control} value={value} onChange={onChange} data-testid="audit-user">
      <option value="">Anyone</option>
      {unknown && <option value={value}>{value}</option>}
      {actors.map((actor) => (
        <option key={actor.user_id} value={actor.user_id}>
          {actor.name ? `${actor.name} (${actor.email})` : actor.email}
        </option>
      ))}
    </select>
  );
}

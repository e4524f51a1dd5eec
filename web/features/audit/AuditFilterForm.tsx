import { useState, type FormEvent } from 'react';
import { AuditType } from '../../../protocol/rest.js';
import type { AuditFilters } from '../../api/audit.js';
import { localInputToIso } from './auditFormat.js';

function isoToLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

export function AuditFilterForm({ initial, onApply }: { initial: AuditFilters; onApply: (filters: AuditFilters) => void }) {
  const [draft, setDraft] = useState({
    share_id: initial.share_id ?? '',
    session_id: initial.session_id ?? '',
    user_id: initial.user_id ?? '',
    type: initial.type ?? '',
    from: isoToLocalInput(initial.from),
    to: isoToLocalInput(initial.to),
  });
  const set = (key: keyof typeof draft) => (event: { target: { value: string } }) =>
    setDraft((current) => ({ ...current, [key]: event.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const text = (value: string) => value.trim() || undefined;
    onApply({
      share_id: text(draft.share_id),
      session_id: text(draft.session_id),
      user_id: text(draft.user_id),
      type: (draft.type || undefined) as AuditFilters['type'],
      from: localInputToIso(draft.from),
      to: localInputToIso(draft.to),
    });
  };
  const reset = () => {
    setDraft({ share_id: '', session_id: '', user_id: '', type: '', from: '', to: '' });
    onApply({});
  };

  return (
    <form className="filters" onSubmit={submit} aria-label="Audit filters" data-testid="audit-filters">
      <label className="field">
        <span>Share</span>
        <input value={draft.share_id} onChange={set('share_id')} placeholder="share id" className="mono" />
      </label>
      <label className="field">
        <span>Session</span>
        <input value={draft.session_id} onChange={set('session_id')} placeholder="session id" className="mono" />
      </label>
      <label className="field">
        <span>User</span>
        <input value={draft.user_id} onChange={set('user_id')} placeholder="user id" className="mono" />
      </label>
      <label className="field">
        <span>Event type</span>
        <select value={draft.type} onChange={set('type')} data-testid="audit-type">
          <option value="">Any</option>
          {AuditType.options.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>From</span>
        <input type="datetime-local" value={draft.from} onChange={set('from')} />
      </label>
      <label className="field">
        <span>To</span>
        <input type="datetime-local" value={draft.to} onChange={set('to')} />
      </label>
      <div className="filters__actions">
        <button type="submit" className="button button--primary">
          Apply
        </button>
        <button type="button" className="button button--ghost" onClick={reset}>
          Reset
        </button>
      </div>
    </form>
  );
}

import { useId, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ShareCreated } from '../../../protocol/rest.js';
import { isApiError } from '../../api/http.js';
import { createShare, sessionSharesQuery } from '../../api/shares.js';
import { useToasts } from '../../state/toasts.js';
import { copyText } from '../../ui/clipboard.js';
import { Dialog } from '../../ui/Dialog.js';
import { Field, focusFirstInvalid } from '../../ui/Field.js';
import { ErrorMessage } from '../../ui/PageLoading.js';
import { AbsoluteTime } from '../../ui/Time.js';
import { formatDurationWords, formatRelative } from '../../ui/time.js';
import { checkCustomExpiry, describeServerExpiryError, expiryHint } from './expiryText.js';

/** The server's default NS_SHARE_MAX_TTL; a lower server setting still answers with its own message. */
export const MAX_SHARE_SECONDS = 24 * 3600;

const presets = [
  { value: '30m', label: '30 minutes' },
  { value: '1h', label: '1 hour' },
  { value: '4h', label: '4 hours' },
  { value: 'custom', label: 'Custom' },
] as const;

export interface ShareDialogProps {
  sessionId: string | null;
  sessionLabel: string;
  onClose: () => void;
}

export function ShareDialog({ sessionId, sessionLabel, onClose }: ShareDialogProps) {
  return (
    <Dialog open={sessionId !== null} onClose={onClose} title={`Share ${sessionLabel}`} testId="share-dialog">
      {sessionId && <ShareForm sessionId={sessionId} onClose={onClose} />}
    </Dialog>
  );
}

interface ShareDraft {
  choice: string;
  custom: string;
  maxViewers: string;
  /** DESIGN.md §12: the API's default is false; the dialog offers it checked. */
  showCurrentScreen: boolean;
}

/** The draft's problems, in words, per field; null where the value is fine. */
function problemsOf(draft: ShareDraft) {
  const custom = draft.choice === 'custom' ? checkCustomExpiry(draft.custom, MAX_SHARE_SECONDS) : null;
  const max = draft.maxViewers.trim() === '' ? null : Number(draft.maxViewers);
  const maxValid = max === null || (Number.isInteger(max) && max > 0);
  return {
    custom,
    customError: custom && !custom.ok ? custom.message : null,
    maxViewers: max,
    maxError: maxValid ? null : 'A whole number, 1 or more; leave empty for no limit.',
  };
}

function useCreateShare(sessionId: string, draft: ShareDraft, maxViewers: number | null) {
  const queryClient = useQueryClient();
  const showToast = useToasts((state) => state.show);
  return useMutation({
    mutationFn: () =>
      createShare(sessionId, {
        expires_in: draft.choice === 'custom' ? draft.custom.trim() : draft.choice,
        max_viewers: maxViewers,
        require_auth: true,
        show_current_screen: draft.showCurrentScreen,
      }),
    onSuccess: async (share) => {
      void queryClient.invalidateQueries({ queryKey: sessionSharesQuery(sessionId).queryKey });
      void queryClient.invalidateQueries({ queryKey: ['shares'] });
      await announceCopy(share.share_url, showToast);
    },
  });
}

function ShareForm({ sessionId, onClose }: { sessionId: string; onClose: () => void }) {
  const [draft, setDraft] = useState<ShareDraft>({ choice: '1h', custom: '', maxViewers: '', showCurrentScreen: true });
  // Problems show once the user has left a field or tried to submit, not at the first keystroke.
  const [shown, setShown] = useState({ custom: false, max: false });
  const formRef = useRef<HTMLFormElement>(null);
  const problems = problemsOf(draft);
  const mutation = useCreateShare(sessionId, draft, problems.maxViewers);

  if (mutation.data) return <ShareResult share={mutation.data} onClose={onClose} />;

  const serverExpiryError = isApiError(mutation.error) && mutation.error.code === 'invalid_expires_in' ? describeServerExpiryError(mutation.error.message) : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setShown({ custom: true, max: true });
    if (problems.customError || problems.maxError) return focusFirstInvalid(formRef.current);
    mutation.mutate();
  };
  const update = (patch: Partial<ShareDraft>) => {
    setDraft((current) => ({ ...current, ...patch }));
    mutation.reset();
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate data-testid="share-form">
      <ExpiryFieldset
        draft={draft}
        onChange={update}
        customError={shown.custom ? problems.customError : null}
        customSeconds={problems.custom?.ok ? problems.custom.seconds : null}
        serverError={serverExpiryError}
        onCustomBlur={() => setShown((current) => ({ ...current, custom: current.custom || draft.custom.trim() !== '' }))}
      />
      <Field label="Max viewers (optional)" hint="Leave empty for no limit." error={shown.max ? problems.maxError : null}>
        {(control) => (
          <input
            {...control}
            inputMode="numeric"
            value={draft.maxViewers}
            onChange={(event) => update({ maxViewers: event.target.value })}
            onBlur={() => setShown((current) => ({ ...current, max: true }))}
            placeholder="No limit"
            className="input--narrow"
          />
        )}
      </Field>
      <CurrentScreenChoice checked={draft.showCurrentScreen} onChange={(showCurrentScreen) => update({ showCurrentScreen })} />
      <p className="hint">Viewers must sign in; they see the terminal read-only and cannot type.</p>
      {mutation.isError && !serverExpiryError && <ErrorMessage error={mutation.error} />}
      <div className="dialog__actions">
        <button type="button" className="button button--ghost" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={mutation.isPending} data-testid="create-share-link">
          {mutation.isPending ? 'Creating…' : 'Create Share Link'}
        </button>
      </div>
    </form>
  );
}

/** DESIGN.md §12: whether a joining viewer first gets the screen as it is now. */
function CurrentScreenChoice({ checked, onChange }: { checked: boolean; onChange: (checked: boolean) => void }) {
  const hintId = useId();
  return (
    <div className="checkbox-field">
      <label className="checkbox">
        <input type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} aria-describedby={hintId} data-testid="share-show-current-screen" />
        <span>Show the current screen to viewers who join</span>
      </label>
      <p id={hintId} className="hint">
        {checked
          ? 'Viewers who join see the terminal as it is now, then live output; secrets are masked and nothing shown while sharing is paused.'
          : 'Viewers who join see a blank terminal until the next output, then live output.'}
      </p>
    </div>
  );
}

interface ExpiryFieldsetProps {
  draft: ShareDraft;
  onChange: (patch: Partial<ShareDraft>) => void;
  customError: string | null;
  customSeconds: number | null;
  serverError: string | null;
  onCustomBlur: () => void;
}

/** The expiry choice; the checked option takes the dialog's initial focus (data-autofocus). */
function ExpiryFieldset({ draft, onChange, customError, customSeconds, serverError, onCustomBlur }: ExpiryFieldsetProps) {
  const serverErrorId = useId();
  const custom = draft.choice === 'custom';
  return (
    <fieldset className="fieldset" aria-describedby={serverError && !custom ? serverErrorId : undefined}>
      <legend>Link expires after</legend>
      <div className="segmented">
        {presets.map((preset) => (
          <label key={preset.value} className="segmented__option">
            <input
              type="radio"
              name="expiry"
              value={preset.value}
              checked={draft.choice === preset.value}
              data-autofocus={draft.choice === preset.value ? true : undefined}
              onChange={() => onChange({ choice: preset.value })}
            />
            <span>{preset.label}</span>
          </label>
        ))}
      </div>
      {custom && (
        <Field
          label="Custom duration"
          error={serverError ?? customError}
          hint={customSeconds !== null ? `Expires after ${formatDurationWords(customSeconds)}.` : expiryHint(MAX_SHARE_SECONDS)}
        >
          {(control) => (
            <input
              {...control}
              value={draft.custom}
              onChange={(event) => onChange({ custom: event.target.value })}
              onBlur={onCustomBlur}
              placeholder="e.g. 1h30m, 45m or 5400"
              autoFocus
              data-testid="share-custom-expiry"
            />
          )}
        </Field>
      )}
      {serverError && !custom && (
        <p id={serverErrorId} className="field__message field__message--error" role="alert" data-testid="field-error">
          {serverError}
        </p>
      )}
    </fieldset>
  );
}

type ShowToast = ReturnType<typeof useToasts.getState>['show'];

async function announceCopy(url: string, showToast: ShowToast): Promise<void> {
  if (await copyText(url)) {
    showToast({ message: 'Share link copied to clipboard.', tone: 'success' });
    return;
  }
  showToast({
    message: 'The browser refused clipboard access. Use Copy to try again.',
    tone: 'error',
    action: { label: 'Copy', run: () => void copyText(url) },
  });
}

function ShareResult({ share, onClose }: { share: ShareCreated; onClose: () => void }) {
  const showToast = useToasts((state) => state.show);
  const urlId = useId();
  return (
    <div data-testid="share-result">
      <label htmlFor={urlId} className="field-label">
        Share link
      </label>
      <div className="copy-row">
        <input
          id={urlId}
          readOnly
          value={share.share_url}
          onFocus={(event) => event.currentTarget.select()}
          data-testid="share-url"
          className="mono"
        />
        <button type="button" className="button" data-testid="share-copy" onClick={() => void announceCopy(share.share_url, showToast)}>
          Copy
        </button>
      </div>
      <p className="hint">
        Expires <AbsoluteTime value={share.expires_at} /> ({formatRelative(share.expires_at, Date.now())})
        {share.max_viewers ? ` · up to ${share.max_viewers} viewers` : ''}
        {share.show_current_screen ? ' · viewers who join see the current screen' : ''}. Anyone opening it must sign in.
      </p>
      <div className="dialog__actions">
        <button type="button" className="button button--primary" onClick={onClose} autoFocus>
          Done
        </button>
      </div>
    </div>
  );
}

import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { checkExpiresIn, formatDuration } from '../../../protocol/duration.js';
import type { ShareCreated } from '../../../protocol/rest.js';
import { createShare, sessionSharesQuery } from '../../api/shares.js';
import { useToasts } from '../../state/toasts.js';
import { copyText } from '../../ui/clipboard.js';
import { Dialog } from '../../ui/Dialog.js';
import { ErrorMessage } from '../../ui/PageLoading.js';
import { formatDateTime } from '../../ui/time.js';

/** The server's default NS_SHARE_MAX_TTL; a lower server setting still answers with its own message. */
export const MAX_SHARE_SECONDS = 24 * 3600;

const presets = [
  { value: '30m', label: '30 minutes' },
  { value: '1h', label: '1 hour' },
  { value: '4h', label: '4 hours' },
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

function ShareForm({ sessionId, onClose }: { sessionId: string; onClose: () => void }) {
  const [choice, setChoice] = useState<string>('1h');
  const [custom, setCustom] = useState('');
  const [maxViewers, setMaxViewers] = useState('');
  const queryClient = useQueryClient();
  const showToast = useToasts((state) => state.show);
  const ids = { custom: useId(), customHint: useId(), max: useId(), maxHint: useId() };

  const expiry = choice === 'custom' ? checkExpiresIn(custom, MAX_SHARE_SECONDS) : ({ ok: true } as const);
  const maxValue = maxViewers.trim() === '' ? null : Number(maxViewers);
  const maxValid = maxValue === null || (Number.isInteger(maxValue) && maxValue > 0);

  const mutation = useMutation({
    mutationFn: () =>
      createShare(sessionId, {
        expires_in: choice === 'custom' ? custom.trim() : choice,
        max_viewers: maxValue,
        require_auth: true,
      }),
    onSuccess: async (share) => {
      void queryClient.invalidateQueries({ queryKey: sessionSharesQuery(sessionId).queryKey });
      void queryClient.invalidateQueries({ queryKey: ['shares'] });
      await announceCopy(share.share_url, showToast);
    },
  });

  if (mutation.data) return <ShareResult share={mutation.data} onClose={onClose} />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (expiry.ok && maxValid) mutation.mutate();
  };

  return (
    <form onSubmit={submit} data-testid="share-form">
      <fieldset className="fieldset">
        <legend>Link expires after</legend>
        <div className="segmented">
          {[...presets, { value: 'custom', label: 'Custom' }].map((preset) => (
            <label key={preset.value} className="segmented__option">
              <input
                type="radio"
                name="expiry"
                value={preset.value}
                checked={choice === preset.value}
                onChange={() => setChoice(preset.value)}
              />
              <span>{preset.label}</span>
            </label>
          ))}
        </div>
        {choice === 'custom' && (
          <div className="field">
            <label htmlFor={ids.custom}>Custom duration</label>
            <input
              id={ids.custom}
              value={custom}
              onChange={(event) => setCustom(event.target.value)}
              placeholder="e.g. 1h30m, 45m or 5400"
              aria-invalid={!expiry.ok}
              aria-describedby={ids.customHint}
              autoFocus
              data-testid="share-custom-expiry"
            />
            <p id={ids.customHint} className={expiry.ok ? 'hint' : 'error-text'} aria-live="polite">
              {expiry.ok && 'seconds' in expiry
                ? `Expires after ${formatDuration(expiry.seconds)}.`
                : !expiry.ok && custom.trim() !== ''
                  ? expiry.message
                  : `From 1m up to ${formatDuration(MAX_SHARE_SECONDS)}, e.g. 2h or 1h30m.`}
            </p>
          </div>
        )}
      </fieldset>
      <div className="field">
        <label htmlFor={ids.max}>Max viewers (optional)</label>
        <input
          id={ids.max}
          inputMode="numeric"
          value={maxViewers}
          onChange={(event) => setMaxViewers(event.target.value)}
          aria-invalid={!maxValid}
          aria-describedby={ids.maxHint}
          placeholder="No limit"
          className="input--narrow"
        />
        <p id={ids.maxHint} className={maxValid ? 'hint' : 'error-text'}>
          {maxValid ? 'Leave empty for no limit.' : 'Enter a whole number greater than 0.'}
        </p>
      </div>
      <p className="hint">Viewers must sign in; they see the terminal read-only and cannot type.</p>
      {mutation.isError && <ErrorMessage error={mutation.error} />}
      <div className="dialog__actions">
        <button type="button" className="button button--ghost" onClick={onClose}>
          Cancel
        </button>
        <button
          type="submit"
          className="button button--primary"
          disabled={!expiry.ok || !maxValid || mutation.isPending}
          data-testid="create-share-link"
        >
          {mutation.isPending ? 'Creating…' : 'Create Share Link'}
        </button>
      </div>
    </form>
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
        Expires {formatDateTime(share.expires_at)}
        {share.max_viewers ? ` · up to ${share.max_viewers} viewers` : ''}. Anyone opening it must sign in.
      </p>
      <div className="dialog__actions">
        <button type="button" className="button button--primary" onClick={onClose} autoFocus>
          Done
        </button>
      </div>
    </div>
  );
}

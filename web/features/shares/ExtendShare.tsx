import { useRef, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ShareSummary } from '../../../protocol/rest.js';
import { useToasts } from '../../state/toasts.js';
import { Dialog } from '../../ui/Dialog.js';
import { Field } from '../../ui/Field.js';
import type { MenuItem } from '../../ui/Menu.js';
import { MenuButton } from '../../ui/MenuButton.js';
import { formatDurationWords } from '../../ui/time.js';
import { checkCustomExpiry, expiryHint } from './expiryText.js';
import { MAX_SHARE_SECONDS } from './ShareDialog.js';
import { extendedExpiresIn } from '../workspace/expiryNotice.js';
import { extendAndApply, extendedText, extendErrorText } from './extendShare.js';

function useExtend(share: ShareSummary, onDone?: () => void) {
  const queryClient = useQueryClient();
  const showToast = useToasts((state) => state.show);
  return useMutation({
    mutationFn: (expiresIn: string | number) => extendAndApply(queryClient, share, expiresIn),
    onSuccess: (updated) => {
      showToast({ message: extendedText(updated), tone: 'success' });
      onDone?.();
    },
  });
}

/** Manage Shares' "Extend" menu: +30 min or +1 h on top of what is left, or a new time from now. */
export function ExtendShareButton({ share }: { share: ShareSummary }) {
  const [customOpen, setCustomOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const showToast = useToasts((state) => state.show);
  const extend = useExtend(share);
  const add = (seconds: number) =>
    extend.mutate(extendedExpiresIn(share, seconds, Date.now()), { onError: (error) => showToast({ message: `Could not extend: ${extendErrorText(error)}`, tone: 'error' }) });
  const items: MenuItem[] = [
    { label: '+30 min', onSelect: () => add(30 * 60), testId: 'extend-30m' },
    { label: '+1 hour', onSelect: () => add(60 * 60), testId: 'extend-1h' },
    { label: 'Custom…', onSelect: () => setCustomOpen(true), testId: 'extend-custom' },
  ];
  const closeCustom = () => {
    setCustomOpen(false);
    requestAnimationFrame(() => buttonRef.current?.focus());
  };
  return (
    <>
      <MenuButton
        label={`Extend the share of ${share.device.name} by ${share.owner.name}`}
        menuLabel={`Extend the share of ${share.device.name}`}
        items={items}
        testId="extend-share"
        menuTestId="extend-menu"
        disabled={extend.isPending}
        buttonRef={buttonRef}
      >
        {extend.isPending ? 'Extending…' : 'Extend'}
      </MenuButton>
      {/* Mounted only while asked for: one row's dialog, not one per row of a long list. */}
      {customOpen && (
        <Dialog open onClose={closeCustom} title={`Extend the share of ${share.device.name}`} testId="extend-dialog">
          <CustomExtendForm share={share} onDone={closeCustom} />
        </Dialog>
      )}
    </>
  );
}

/** A new expiry counted from now, checked like the share dialog's custom duration. */
function CustomExtendForm({ share, onDone }: { share: ShareSummary; onDone: () => void }) {
  const [text, setText] = useState('');
  const [shown, setShown] = useState(false);
  const extend = useExtend(share, onDone);
  const check = checkCustomExpiry(text, MAX_SHARE_SECONDS);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setShown(true);
    if (check.ok) extend.mutate(text.trim());
  };
  const problem = extend.isError ? extendErrorText(extend.error) : shown && !check.ok ? check.message : null;
  return (
    <form onSubmit={submit} noValidate data-testid="extend-form">
      <Field label="Expires in, from now" error={problem} hint={check.ok ? `Expires ${formatDurationWords(check.seconds)} from now.` : expiryHint(MAX_SHARE_SECONDS)}>
        {(control) => (
          <input
            {...control}
            value={text}
            data-autofocus
            placeholder="e.g. 2h or 1h30m"
            data-testid="extend-custom-expiry"
            onChange={(event) => {
              setText(event.target.value);
              extend.reset();
            }}
          />
        )}
      </Field>
      <div className="dialog__actions">
        <button type="button" className="button button--ghost" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={extend.isPending} data-testid="extend-submit">
          {extend.isPending ? 'Extending…' : 'Extend'}
        </button>
      </div>
    </form>
  );
}

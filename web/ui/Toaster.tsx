import { createPortal } from 'react-dom';
import { CloseIcon } from './icons.js';
import { useToasts } from '../state/toasts.js';
import { useTopDialog } from './topLayer.js';

/**
 * Live region for toasts: screen readers announce them without moving focus. While a modal dialog
 * is open the region renders inside it, so a toast ("link copied") shows above the dialog's
 * backdrop and its buttons stay usable instead of sitting under the inert page.
 */
export function Toaster() {
  const toasts = useToasts((state) => state.toasts);
  const dismiss = useToasts((state) => state.dismiss);
  const dialog = useTopDialog();
  const region = (
    <div className="toaster" role="status" aria-live="polite" data-testid="toaster">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast toast--${toast.tone}`} data-testid="toast">
          <span>{toast.message}</span>
          {toast.action && (
            <button type="button" className="button button--small" onClick={toast.action.run}>
              {toast.action.label}
            </button>
          )}
          <button type="button" className="icon-button" aria-label="Dismiss notification" onClick={() => dismiss(toast.id)}>
            <CloseIcon />
          </button>
        </div>
      ))}
    </div>
  );
  return dialog ? createPortal(region, dialog) : region;
}

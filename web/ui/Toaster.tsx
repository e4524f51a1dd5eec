import { CloseIcon } from './icons.js';
import { useToasts } from '../state/toasts.js';

/** Live region for toasts: screen readers announce them without moving focus. */
export function Toaster() {
  const toasts = useToasts((state) => state.toasts);
  const dismiss = useToasts((state) => state.dismiss);
  return (
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
}

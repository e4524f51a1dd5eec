import { create } from 'zustand';

export interface Toast {
  id: number;
  message: string;
  tone: 'info' | 'success' | 'error';
  /** Optional action shown as a button in the toast, e.g. "Copy" when the clipboard refused. */
  action?: { label: string; run: () => void };
  /** A toast with the same key replaces the one before it (e.g. one expiry notice per share). */
  key?: string;
}

interface ToastState {
  toasts: Toast[];
  /** Shows a toast for `durationMs`; returns its id, for dismiss. */
  show: (toast: Omit<Toast, 'id'>, durationMs?: number) => number;
  dismiss: (id: number) => void;
}

/** How long a toast stays: long enough to read a sentence and reach its button by keyboard. */
export const TOAST_DURATION_MS = 6_000;
/** At most this many toasts at once; the oldest goes first. */
const MAX_TOASTS = 4;

let nextId = 0;

export const useToasts = create<ToastState>()((set, get) => ({
  toasts: [],
  show: (toast, durationMs = TOAST_DURATION_MS) => {
    nextId += 1;
    const id = nextId;
    const others = get().toasts.filter((shown) => toast.key === undefined || shown.key !== toast.key);
    set({ toasts: [...others.slice(-(MAX_TOASTS - 1)), { ...toast, id }] });
    setTimeout(() => get().dismiss(id), durationMs);
    return id;
  },
  dismiss: (id) => set({ toasts: get().toasts.filter((toast) => toast.id !== id) }),
}));

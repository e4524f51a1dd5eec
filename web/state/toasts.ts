import { create } from 'zustand';

export interface Toast {
  id: number;
  message: string;
  tone: 'info' | 'success' | 'error';
  /** Optional action shown as a button in the toast, e.g. "Copy" when the clipboard refused. */
  action?: { label: string; run: () => void };
}

interface ToastState {
  toasts: Toast[];
  show: (toast: Omit<Toast, 'id'>, durationMs?: number) => void;
  dismiss: (id: number) => void;
}

/** How long a toast stays: long enough to read a sentence and reach its button by keyboard. */
export const TOAST_DURATION_MS = 6_000;

let nextId = 0;

export const useToasts = create<ToastState>()((set, get) => ({
  toasts: [],
  show: (toast, durationMs = TOAST_DURATION_MS) => {
    nextId += 1;
    const id = nextId;
    set({ toasts: [...get().toasts.slice(-3), { ...toast, id }] });
    setTimeout(() => get().dismiss(id), durationMs);
  },
  dismiss: (id) => set({ toasts: get().toasts.filter((toast) => toast.id !== id) }),
}));

import { useSyncExternalStore } from 'react';

/**
 * The open modal dialogs, innermost last. A modal <dialog> sits in the browser's top layer, above
 * any z-index, and makes the rest of the page inert; whatever must stay visible and usable while
 * one is open (toasts) renders inside the innermost one.
 */
let openDialogs: readonly HTMLDialogElement[] = [];
const listeners = new Set<() => void>();

function update(next: readonly HTMLDialogElement[]): void {
  openDialogs = next;
  listeners.forEach((notify) => notify());
}

export function dialogOpened(dialog: HTMLDialogElement): void {
  update([...openDialogs.filter((open) => open !== dialog), dialog]);
}

export function dialogClosed(dialog: HTMLDialogElement): void {
  if (openDialogs.includes(dialog)) update(openDialogs.filter((open) => open !== dialog));
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The innermost open modal dialog, or null. */
export function useTopDialog(): HTMLDialogElement | null {
  return useSyncExternalStore(subscribe, () => openDialogs[openDialogs.length - 1] ?? null);
}

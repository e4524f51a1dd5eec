/**
 * Test helpers own their teardown (STYLE.md lesson 13): whatever a helper opens (a server, a
 * socket, a child process) it hands to `closeWhenDone`, and it is closed when the test that opened
 * it finishes, passed or failed, or, when opened in a `beforeAll`, when its file finishes.
 *
 * This module does not import vitest, so the bench can load the helpers that use it: there
 * nothing is registered and the caller closes what it opened. bff/testing/setup.ts (vitest's
 * setupFiles) installs the vitest hooks.
 */

type Close = () => unknown;

let register: ((close: Close) => void) | null = null;

/** Called once by the vitest setup file. */
export function installTeardown(registerClose: (close: Close) => void): void {
  register = registerClose;
}

/** Runs `close` when the current test (or, outside a test, the current file) is done. */
export function closeWhenDone(close: () => unknown): void {
  register?.(close);
}

/** Wraps a close function so a second call waits for the first instead of closing twice. */
export function once<T>(close: () => Promise<T>): () => Promise<T> {
  let closing: Promise<T> | null = null;
  return () => (closing ??= close());
}

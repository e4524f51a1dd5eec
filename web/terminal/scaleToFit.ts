import type { Terminal } from '@xterm/xterm';

/** Smallest and largest font the viewer will scale to; beyond them a CSS transform finishes the job. */
export const MIN_SCALED_FONT_SIZE = 6;
export const MAX_SCALED_FONT_SIZE = 28;

/**
 * Makes a terminal of fixed cols/rows (the owner's) fill its container: first by changing the
 * font size (crisp text), then by a CSS scale for the remainder, since font sizes step in whole
 * pixels of cell width and may still overflow by a few pixels.
 */
export function scaleTerminalToFit(terminal: Terminal, container: HTMLElement, baseFontSize: number): void {
  const element = terminal.element;
  const screen = element?.querySelector<HTMLElement>('.xterm-screen');
  if (!element || !screen || screen.offsetWidth === 0 || screen.offsetHeight === 0) return;
  const available = { width: container.clientWidth, height: container.clientHeight };
  const ratio = Math.min(available.width / screen.offsetWidth, available.height / screen.offsetHeight);
  const current = terminal.options.fontSize ?? baseFontSize;
  const wanted = clamp(Math.floor(current * ratio * 2) / 2, MIN_SCALED_FONT_SIZE, MAX_SCALED_FONT_SIZE);
  if (Math.abs(wanted - current) >= 0.5) terminal.options.fontSize = wanted;
  // The renderer re-measures on the next frame; apply the residual scale after it did.
  requestAnimationFrame(() => {
    if (!screen.isConnected || screen.offsetWidth === 0) return;
    const residual = Math.min(1, available.width / screen.offsetWidth, available.height / screen.offsetHeight);
    element.style.transformOrigin = 'top left';
    element.style.transform = residual < 1 ? `scale(${residual})` : '';
  });
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

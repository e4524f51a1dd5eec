/**
 * Owns one xterm.js Terminal: addons, sizing, flow-controlled writes and disposal. Knows nothing
 * of sockets or React (STYLE.md lesson 3). Two sizing modes:
 * - `fit`: the owner's terminal follows its container (fit addon, debounced) and reports its size;
 * - `scale`: the viewer's terminal keeps the owner's cols/rows and sizes its font for the container
 *   ("Fit", never below a readable size, or "Actual size"); what does not fit scrolls.
 */
import { Terminal, type IDisposable } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import { FlowControlledWriter } from './flowControl.js';
import { followCursor, scaleTerminalToFit, type ViewerLayout, type ViewerSizing } from './scaleToFit.js';
import { exposeBufferReader } from './testHook.js';
import { terminalFontFamily, terminalFontSize, terminalTheme } from './theme.js';

/** Window resizes arrive in bursts; refitting once they settle avoids a storm of resize frames. */
export const FIT_DEBOUNCE_MS = 60;

export type SizingMode = 'fit' | 'scale';

export interface TerminalControllerOptions {
  mode: SizingMode;
  readOnly: boolean;
  ariaLabel: string;
  /** Where focus goes on F6; without it the terminal just blurs. */
  onLeave?: () => void;
  /** `scale` mode: Fit or Actual size at first (setViewerSizing changes it). */
  viewerSizing?: ViewerSizing;
}

/**
 * A terminal swallows Tab (shells complete with it), which would trap keyboard users; F6, the
 * usual "next pane" key, moves focus out instead. Network CLIs do not use F6.
 */
export const LEAVE_TERMINAL_KEY = 'F6';

export class TerminalController {
  readonly terminal: Terminal;
  private readonly writer: FlowControlledWriter;
  private readonly disposables: IDisposable[] = [];
  private fitAddon: FitAddon | null = null;
  private resizeObserver: ResizeObserver | null = null;
  private fitTimer: ReturnType<typeof setTimeout> | null = null;
  private host: HTMLElement | null = null;
  private disposed = false;
  private viewerSizing: ViewerSizing;
  private cancelScale: (() => void) | null = null;
  private cursorFollower: ReturnType<typeof followCursor> | null = null;
  private readonly layoutListeners = new Set<(layout: ViewerLayout) => void>();

  constructor(private readonly options: TerminalControllerOptions) {
    this.terminal = new Terminal({
      disableStdin: options.readOnly,
      cursorBlink: !options.readOnly,
      cursorInactiveStyle: options.readOnly ? 'none' : 'outline',
      fontFamily: terminalFontFamily,
      fontSize: terminalFontSize,
      scrollback: 5_000,
      theme: terminalTheme,
    });
    this.writer = new FlowControlledWriter((data, done) => this.terminal.write(data, done));
    this.viewerSizing = options.viewerSizing ?? 'fit';
  }

  /** Attaches to the DOM; call once with the element the terminal should fill. */
  open(host: HTMLElement): void {
    if (this.disposed || this.host) return;
    this.host = host;
    if (this.options.mode === 'fit') {
      this.fitAddon = new FitAddon();
      this.terminal.loadAddon(this.fitAddon);
    }
    this.terminal.open(host);
    this.terminal.textarea?.setAttribute('aria-label', `${this.options.ariaLabel}. Press ${LEAVE_TERMINAL_KEY} to leave the terminal.`);
    this.terminal.textarea?.setAttribute('aria-keyshortcuts', LEAVE_TERMINAL_KEY);
    this.terminal.attachCustomKeyEventHandler((event) => {
      if (event.key !== LEAVE_TERMINAL_KEY) return true;
      if (event.type === 'keydown') {
        event.preventDefault();
        if (this.options.onLeave) this.options.onLeave();
        else this.terminal.blur();
      }
      return false;
    });
    this.disposables.push(exposeBufferReader(host, () => this.readBuffer()));
    if (this.options.mode === 'scale') {
      this.cursorFollower = followCursor(this.terminal, host);
      this.disposables.push(this.cursorFollower);
    }
    this.resizeObserver = new ResizeObserver(() => this.scheduleFit());
    this.resizeObserver.observe(host);
    this.fitNow();
    // Probing for WebGL creates a GL context (slow, above all in software); do it when the page
    // is idle, so it never delays the first output a viewer sees.
    this.disposables.push(whenIdle(() => void this.loadWebglRenderer()));
  }

  write(data: string): void {
    this.writer.write(data);
  }

  /**
   * Replaces the screen with `data` (the server's replay of recent output after a (re)connect).
   * The reset travels through the same flow-controlled writer, so it lands after what is already
   * being parsed and before anything newer.
   */
  replaceScreen(data: string): void {
    this.writer.discardQueued();
    this.writer.write(`\x1bc${data}`);
  }

  /** Viewer mode: adopt the owner's size from a resize frame. */
  resize(cols: number, rows: number): void {
    if (this.disposed || (cols === this.terminal.cols && rows === this.terminal.rows)) return;
    this.terminal.resize(cols, rows);
    this.scheduleFit();
  }

  /**
   * Viewer mode: the current screen (DESIGN.md §12), `data` being ANSI that repaints it from a
   * full reset. Output still queued from before is stale, so it is dropped.
   */
  showSnapshot(snapshot: { data: string; cols: number; rows: number }): void {
    if (this.disposed) return;
    this.writer.discardQueued();
    this.resize(snapshot.cols, snapshot.rows);
    this.writer.write(snapshot.data);
  }

  /** Viewer mode: switch between Fit and Actual size. */
  setViewerSizing(sizing: ViewerSizing): void {
    if (this.viewerSizing === sizing) return;
    this.viewerSizing = sizing;
    this.fitNow();
  }

  /** Viewer mode: hears the font size and visible columns after every sizing pass. */
  onLayout(listener: (layout: ViewerLayout) => void): IDisposable {
    this.layoutListeners.add(listener);
    return { dispose: () => this.layoutListeners.delete(listener) };
  }

  onData(listener: (data: string) => void): IDisposable {
    return this.terminal.onData(listener);
  }

  onResize(listener: (size: { cols: number; rows: number }) => void): IDisposable {
    return this.terminal.onResize(listener);
  }

  focus(): void {
    this.terminal.focus();
  }

  /** Refit now, e.g. when a hidden tab becomes visible. */
  fitNow(): void {
    if (this.disposed || !this.host) return;
    if (this.fitTimer !== null) clearTimeout(this.fitTimer);
    this.fitTimer = null;
    // A hidden tab has no size; fitting it would collapse the terminal to its minimum.
    if (this.host.clientWidth === 0 || this.host.clientHeight === 0) return;
    if (this.fitAddon) {
      this.fitAddon.fit();
      return;
    }
    this.cancelScale?.();
    this.cancelScale = scaleTerminalToFit(this.terminal, this.host, this.viewerSizing, terminalFontSize, (layout) => {
      this.cursorFollower?.reveal();
      for (const listener of this.layoutListeners) listener(layout);
    });
  }

  /** Whole buffer as text, trailing blanks trimmed (tests and copy-out). */
  readBuffer(): string {
    const buffer = this.terminal.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < buffer.length; i += 1) lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
    return lines.join('\n').trimEnd();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.fitTimer !== null) clearTimeout(this.fitTimer);
    this.cancelScale?.();
    this.layoutListeners.clear();
    this.resizeObserver?.disconnect();
    this.writer.dispose();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.terminal.dispose();
  }

  private scheduleFit(): void {
    if (this.disposed) return;
    if (this.fitTimer !== null) clearTimeout(this.fitTimer);
    this.fitTimer = setTimeout(() => this.fitNow(), FIT_DEBOUNCE_MS);
  }

  /**
   * The WebGL renderer is much faster on big outputs, but not every browser has a GPU-backed
   * WebGL2; then xterm's DOM renderer stays. It is imported lazily so the viewer's
   * first paint does not wait for it.
   */
  private async loadWebglRenderer(): Promise<void> {
    if (!supportsWebgl2()) return;
    try {
      const { WebglAddon } = await import('@xterm/addon-webgl');
      if (this.disposed) return;
      const webgl = new WebglAddon();
      this.disposables.push(webgl.onContextLoss(() => webgl.dispose()));
      this.terminal.loadAddon(webgl);
      this.disposables.push(webgl);
    } catch {
      // The DOM renderer is already drawing; nothing else to do.
    }
  }
}

function whenIdle(callback: () => void): IDisposable {
  if (typeof window.requestIdleCallback === 'function') {
    const handle = window.requestIdleCallback(callback, { timeout: 2_000 });
    return { dispose: () => window.cancelIdleCallback(handle) };
  }
  const timer = setTimeout(callback, 200);
  return { dispose: () => clearTimeout(timer) };
}

/**
 * True when WebGL2 runs on a real GPU. A software rasteriser (SwiftShader, llvmpipe: VMs, kiosks,
 * browsers started with --disable-gpu) draws far slower than xterm's DOM renderer and burns the
 * CPU the socket and parser need.
 */
function supportsWebgl2(): boolean {
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return false;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return !/swiftshader|llvmpipe|softpipe|software/i.test(renderer);
  } catch {
    return false;
  }
}

import { expect, type Locator, type Page } from '@playwright/test';
import { Terminal } from './Terminal.js';

/** Overlay states the viewer page exposes as `data-state` (connecting, share_revoked, …). */
export type ViewerOverlayState =
  | 'connecting'
  | 'owner_disconnected'
  | 'reconnecting'
  | 'session_ended'
  | 'share_expired'
  | 'share_revoked'
  | 'share_ended'
  | 'max_viewers'
  | 'forbidden'
  | 'unknown_link'
  | 'viewer_removed'
  | 'signed_out'
  | 'sharing_paused'
  | 'closed';

export type ViewerSizing = 'fit' | 'actual';

/** How the viewer's terminal is drawn right now (read from the DOM renderer and the stage). */
export interface ViewerTextMetrics {
  /** The computed font size of the terminal's rows, px. */
  fontSize: number;
  /** The height of one rendered row, px. */
  rowHeight: number;
  /** The stage's scrollable width and its visible width. */
  scrollWidth: number;
  clientWidth: number;
}

export class ViewerPage {
  readonly terminal: Terminal;

  constructor(readonly page: Page) {
    this.terminal = new Terminal(page.getByTestId('viewer-terminal'));
  }

  async goto(shareUrl: string): Promise<void> {
    await this.page.goto(shareUrl);
  }

  get banner(): Locator {
    return this.page.getByTestId('viewer-banner');
  }

  get overlay(): Locator {
    return this.page.getByTestId('viewer-overlay');
  }

  /** Live: the banner names the owner and no overlay covers the terminal. */
  async expectLive(ownerName: string): Promise<void> {
    await expect(this.banner).toContainText(`Viewing ${ownerName}'s session (read-only)`);
    await expect(this.overlay).toBeHidden();
  }

  async expectOverlay(state: ViewerOverlayState, timeout?: number): Promise<void> {
    await expect(this.overlay).toHaveAttribute('data-state', state, { timeout });
  }

  get waiting(): Locator {
    return this.page.getByTestId('viewer-waiting');
  }

  get readOnlyHint(): Locator {
    return this.page.getByTestId('viewer-readonly-hint');
  }

  get ownerSize(): Locator {
    return this.page.getByTestId('viewer-owner-size');
  }

  get sizeNote(): Locator {
    return this.page.getByTestId('viewer-size-note');
  }

  /** The scroll container around the terminal. */
  get scroller(): Locator {
    return this.terminal.host;
  }

  /** The owner's terminal size the banner shows ("200×50"). */
  async ownerColumns(): Promise<number> {
    const text = (await this.ownerSize.textContent()) ?? '';
    const match = /(\d+)×(\d+)/.exec(text);
    return match ? Number(match[1]) : 0;
  }

  async chooseSizing(sizing: ViewerSizing): Promise<void> {
    const button = this.page.getByTestId(`viewer-sizing-${sizing}`);
    await button.click();
    await expect(button).toHaveAttribute('aria-pressed', 'true');
    await expect(this.page.locator('.viewer-stage')).toHaveAttribute('data-sizing', sizing);
  }

  /**
   * Font size and row height as drawn. The DOM renderer (e2e runs without a GPU) has rows to
   * measure; with WebGL there are none, and the stage's `data-font-size` (the terminal's
   * options.fontSize after sizing) stands in.
   */
  async textMetrics(): Promise<ViewerTextMetrics> {
    return this.terminal.host.evaluate((host) => {
      const rows = host.querySelector<HTMLElement>('.xterm-rows');
      const row = rows?.firstElementChild as HTMLElement | null | undefined;
      const stageFont = Number(host.closest<HTMLElement>('.viewer-stage')?.dataset.fontSize ?? 0);
      return {
        fontSize: rows ? Number.parseFloat(getComputedStyle(rows).fontSize) : stageFont,
        // Without DOM rows, a row is at least as tall as its font.
        rowHeight: row?.getBoundingClientRect().height ?? stageFont,
        scrollWidth: host.scrollWidth,
        clientWidth: host.clientWidth,
      };
    });
  }

  /** ms from navigation start to the first output frame, as the page recorded it. */
  async firstOutputMs(): Promise<number> {
    await expect.poll(() => this.page.evaluate(() => window.__nsFirstOutputMs ?? null)).not.toBeNull();
    return (await this.page.evaluate(() => window.__nsFirstOutputMs)) as number;
  }
}

declare global {
  interface Window {
    __nsFirstOutputMs?: number;
  }
}

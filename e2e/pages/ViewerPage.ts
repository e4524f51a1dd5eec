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
  | 'closed';

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

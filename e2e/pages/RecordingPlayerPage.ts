import { expect, type Locator, type Page } from '@playwright/test';
import { Terminal } from './Terminal.js';

/** The player of one recording (/recordings/:id, DESIGN.md §14). */
export class RecordingPlayerPage {
  readonly terminal: Terminal;

  constructor(readonly page: Page) {
    this.terminal = new Terminal(page.getByTestId('player-terminal'));
  }

  async expectLoaded(): Promise<void> {
    await expect(this.page.getByTestId('player-page')).toBeVisible();
    await expect(this.page.getByTestId('player-controls')).toBeVisible();
  }

  get toggle(): Locator {
    return this.page.getByTestId('player-toggle');
  }

  get seekBar(): Locator {
    return this.page.getByTestId('player-seek');
  }

  async play(): Promise<void> {
    await expect(this.toggle).toHaveText(/Play|Replay/);
    await this.toggle.click();
    await expect(this.toggle).toHaveText('Pause');
  }

  /** Drags the seek bar to a fraction of the recording (0.5: the middle); returns the position in ms. */
  async seekTo(fraction: number): Promise<number> {
    const max = Number(await this.seekBar.getAttribute('max'));
    const position = Math.round(max * fraction);
    await this.seekBar.fill(String(position));
    return position;
  }

  async speed(times: 1 | 2 | 8): Promise<void> {
    const button = this.page.getByTestId(`player-speed-${times}`);
    await button.click();
    await expect(button).toHaveAttribute('aria-pressed', 'true');
  }

  /** How long the last seek took to paint, as the player measured it (ms). */
  async lastSeekMs(): Promise<number> {
    const status = this.page.getByTestId('player-status');
    await expect(status).toHaveAttribute('data-seek-ms', /\d+/);
    return Number(await status.getAttribute('data-seek-ms'));
  }
}

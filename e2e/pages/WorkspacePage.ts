import { expect, type Locator, type Page } from '@playwright/test';
import { Terminal } from './Terminal.js';

export type ExpiryChoice = '30 minutes' | '1 hour' | '4 hours' | { custom: string };

export interface ShareOptions {
  expiry?: ExpiryChoice;
  maxViewers?: number;
  /** DESIGN.md §12; the dialog's checkbox is checked unless this is false. */
  showCurrentScreen?: boolean;
}

/** The owner's workspace: session tabs, their context menu, the share dialog. */
export class WorkspacePage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/');
    await expect(this.page.getByTestId('workspace')).toBeVisible();
  }

  get tabs(): Locator {
    return this.page.getByTestId('session-tab');
  }

  tab(sessionId: string): Locator {
    return this.page.locator(`[data-testid="session-tab"][data-session-id="${sessionId}"]`);
  }

  terminal(sessionId: string): Terminal {
    return new Terminal(this.page.locator(`[data-testid="owner-terminal-pane"][data-session-id="${sessionId}"] [data-testid="owner-terminal"]`));
  }

  /** New session → demo router; returns the new session's id once its prompt is on screen. */
  async openDemoRouter(): Promise<{ sessionId: string; terminal: Terminal }> {
    const before = await this.tabs.count();
    await this.page.getByTestId('new-session').click();
    const dialog = this.page.getByTestId('new-session-dialog');
    await dialog.getByTestId('connect-dev_demo').click();
    await expect(dialog).toBeHidden();
    await expect(this.tabs).toHaveCount(before + 1);
    const sessionId = (await this.tabs.last().getAttribute('data-session-id')) ?? '';
    const terminal = this.terminal(sessionId);
    await expect(this.page.getByText('Connected', { exact: true })).toBeVisible();
    // The server replays recent output to a connecting owner: the banner is there, unasked.
    await terminal.expectToContain('NetStacks demo router lab-rtr-01');
    await terminal.expectToContain('lab-rtr-01#');
    return { sessionId, terminal };
  }

  /** New session → the ad-hoc form, authenticating with a private key; leaves the dialog open. */
  async submitAdHocSession(target: { host: string; port: number; username: string; privateKey: string }): Promise<Locator> {
    await this.page.getByTestId('new-session').click();
    const dialog = this.page.getByTestId('new-session-dialog');
    const form = dialog.getByRole('form', { name: 'Ad-hoc SSH host' });
    await form.getByRole('textbox', { name: 'Host' }).fill(target.host);
    await form.getByRole('textbox', { name: 'Port' }).fill(String(target.port));
    await form.getByRole('textbox', { name: 'Username' }).fill(target.username);
    await form.getByRole('radio', { name: 'Private key' }).check();
    await form.getByRole('textbox', { name: /^Private key/ }).fill(target.privateKey);
    await form.getByRole('button', { name: 'Connect' }).click();
    return dialog;
  }

  async openTabContextMenu(sessionId: string): Promise<Locator> {
    await this.tab(sessionId).getByRole('tab').click({ button: 'right' });
    const menu = this.page.getByTestId('tab-context-menu');
    await expect(menu).toBeVisible();
    return menu;
  }

  /** Right-click the tab → Share Session → Create Share Link; returns the share URL shown. */
  async shareFromTabContextMenu(sessionId: string, options: ShareOptions = {}): Promise<string> {
    const menu = await this.openTabContextMenu(sessionId);
    await menu.getByRole('menuitem', { name: 'Share Session…' }).click();
    return this.completeShareDialog(options);
  }

  async completeShareDialog({ expiry = '1 hour', maxViewers, showCurrentScreen }: ShareOptions = {}): Promise<string> {
    const dialog = this.page.getByTestId('share-dialog');
    await expect(dialog).toBeVisible();
    if (typeof expiry === 'string') {
      await dialog.getByLabel(expiry, { exact: true }).check();
    } else {
      await dialog.getByLabel('Custom', { exact: true }).check();
      await dialog.getByTestId('share-custom-expiry').fill(expiry.custom);
    }
    if (maxViewers !== undefined) await dialog.getByLabel('Max viewers (optional)').fill(String(maxViewers));
    if (showCurrentScreen !== undefined) await dialog.getByLabel('Show the current screen to viewers who join').setChecked(showCurrentScreen);
    await dialog.getByTestId('create-share-link').click();
    const url = dialog.getByTestId('share-url');
    await expect(url).toHaveValue(/\/shared\/ns_share_/);
    return url.inputValue();
  }

  async closeShareDialog(): Promise<void> {
    const dialog = this.page.getByTestId('share-dialog');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(dialog).toBeHidden();
  }

  viewerBadge(sessionId: string): Locator {
    return this.tab(sessionId).getByTestId('viewer-badge');
  }

  async expectViewerCount(sessionId: string, count: number): Promise<void> {
    await expect(this.tab(sessionId).getByTestId('viewer-badge-count')).toHaveText(String(count));
  }

  /** The session toolbar's pause/resume control (DESIGN.md §13), shown while the session is shared. */
  get sharingControl(): Locator {
    return this.page.getByTestId('sharing-control');
  }

  async pauseSharing(): Promise<void> {
    await this.sharingControl.getByRole('button', { name: 'Pause sharing' }).click();
    await expect(this.sharingControl).toHaveAttribute('data-sharing', 'paused');
  }

  async resumeSharing(): Promise<void> {
    await this.sharingControl.getByRole('button', { name: 'Resume sharing' }).click();
    await expect(this.sharingControl).toHaveAttribute('data-sharing', 'live');
  }

  /** Opens the tab badge's list of who is watching. */
  async openViewerPopover(sessionId: string): Promise<Locator> {
    await this.viewerBadge(sessionId).click();
    const popover = this.page.getByTestId('viewer-popover');
    await expect(popover).toBeVisible();
    return popover;
  }
}

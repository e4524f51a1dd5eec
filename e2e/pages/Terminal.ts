import { expect, type Locator } from '@playwright/test';

/**
 * An xterm.js terminal on the page. Reads the terminal buffer through the hook the SPA puts on
 * the terminal's host element (`__nsReadTerminal`): with the WebGL renderer there is no text in
 * the DOM, and waiting on content beats waiting on time (xterm.js test/playwright/TestUtils.ts).
 */
export class Terminal {
  constructor(readonly host: Locator) {}

  async text(): Promise<string> {
    return this.host.evaluate((element) => {
      const read = (element as HTMLElement & { __nsReadTerminal?: () => string }).__nsReadTerminal;
      return read ? read() : '';
    });
  }

  async expectToContain(expected: string, timeout = 15_000): Promise<void> {
    await expect.poll(() => this.text(), { timeout, message: `terminal shows "${expected}"` }).toContain(expected);
  }

  async expectNotToContain(unexpected: string): Promise<void> {
    expect(await this.text()).not.toContain(unexpected);
  }

  async focus(): Promise<void> {
    await this.host.click();
  }

  /** Types like a user (xterm ignores fill()). */
  async type(text: string): Promise<void> {
    await this.focus();
    await this.host.page().keyboard.type(text);
  }

  async run(command: string): Promise<void> {
    await this.type(command);
    await this.host.page().keyboard.press('Enter');
  }
}

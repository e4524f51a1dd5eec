/**
 * Issue 11 item 1 (viewer side, DESIGN.md §12): a viewer who joins a share created with "show the
 * current screen" sees what the owner sees at once — not a black box until the owner types — and
 * live output continues from there with nothing doubled or missing.
 */
import { expect, test } from '../helpers/test.js';
import { ViewerPage } from '../pages/ViewerPage.js';

test('a viewer joining after `show ip bgp summary` sees the table at once, then live output', async ({ shareDemoSession, actors }) => {
  const { terminal, shareUrl } = await shareDemoSession('Nell Noc', { showCurrentScreen: true });
  await terminal.run('show ip bgp summary');
  await terminal.expectToContain('Idle (Admin)');

  const late = await actors.signIn('engineer', 'Leo Late');
  const viewer = new ViewerPage(late.page);
  await viewer.goto(shareUrl);
  await viewer.expectLive('Nell Noc');
  // No keystroke from the owner: the table and the prompt after it come with the join.
  await viewer.terminal.expectToContain('Idle (Admin)');
  await viewer.terminal.expectToContain('198.51.100.1');
  await expect(viewer.waiting).toBeHidden();
  expect((await viewer.terminal.text()).trimEnd().endsWith('lab-rtr-01#')).toBe(true);

  await terminal.run('show clock');
  await viewer.terminal.expectToContain('show clock');
  const text = await viewer.terminal.text();
  expect(text.split('Idle (Admin)').length - 1, 'the table is on screen once').toBe(1);
  await expect(late.page.getByTestId('viewer-notice')).toHaveCount(0);
});

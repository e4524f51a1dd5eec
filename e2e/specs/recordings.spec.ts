/**
 * DESIGN.md §14: a session's recording opens from Manage Shares and plays back in the browser:
 * play, seek to the middle, change speed, and the terminal shows the output of that moment.
 */
import { recordingIdFor } from '../../protocol/rest.js';
import { axeViolations } from '../helpers/axe.js';
import { expect, test } from '../helpers/test.js';
import { ManageSharesPage } from '../pages/ManageSharesPage.js';
import { RecordingPlayerPage } from '../pages/RecordingPlayerPage.js';

test('a recording opens from Manage Shares; play, seek to the middle, 8× — the terminal shows that moment', async ({ shareDemoSession }) => {
  test.setTimeout(90_000);
  const { owner, sessionId, terminal } = await shareDemoSession('Rhea Recorder');
  await terminal.run('show clock');
  await terminal.run('show ip interface brief');
  await terminal.expectToContain('Loopback0');
  // The pause is what is under test: the middle of the recording falls inside it.
  await owner.page.waitForTimeout(14_000);
  await terminal.run('show ip bgp summary');
  await terminal.expectToContain('Neighbor');
  // The recorder writes every 2 s; the player shows what is stored when it opens.
  await expect
    .poll(async () => (await owner.context.request.get(`/api/v1/recordings/${recordingIdFor(sessionId)}/cast`)).text(), { timeout: 10_000 })
    .toContain('Neighbor');

  const shares = new ManageSharesPage(owner.page);
  await shares.goto();
  await shares.rowOf('Rhea Recorder').getByTestId('recording-link').click();
  await expect(owner.page).toHaveURL(new RegExp(`/recordings/${recordingIdFor(sessionId)}$`));
  const player = new RecordingPlayerPage(owner.page);
  await player.expectLoaded();
  await player.play();
  await player.terminal.expectToContain('NetStacks demo router lab-rtr-01');

  await player.seekTo(0.5);
  await player.terminal.expectToContain('Loopback0');
  await player.terminal.expectNotToContain('Neighbor');
  await expect(player.page.getByTestId('player-time')).toHaveText(/^\d+:\d\d \/ \d+:\d\d$/);
  expect(await player.lastSeekMs()).toBeLessThan(1_000);

  // Still playing: at 8× the rest of the pause passes in about a second.
  await player.speed(8);
  await expect(player.toggle).toHaveText('Pause');
  await player.terminal.expectToContain('Neighbor', 5_000);
  await expect(player.toggle).toHaveText('Replay', { timeout: 10_000 });
  await expect(player.page.getByTestId('player-download')).toHaveAttribute('href', `/api/v1/recordings/${recordingIdFor(sessionId)}/cast?download=1`);
  const findings = await axeViolations(owner.page, 'player');

  // The list: the owner's own recordings, a filter by device, and the way back to the player.
  await owner.page.getByRole('link', { name: 'All recordings' }).click();
  const row = owner.page.locator(`[data-testid="recording-row"][data-recording-id="${recordingIdFor(sessionId)}"]`);
  await expect(row).toContainText('lab-rtr-01');
  await owner.page.getByTestId('recording-device').fill('no-such-device');
  await owner.page.getByRole('button', { name: 'Apply' }).click();
  await expect(owner.page.getByText('No recordings match these filters.')).toBeVisible();
  await owner.page.getByTestId('recording-device').fill('LAB-RTR');
  await owner.page.getByRole('button', { name: 'Apply' }).click();
  await expect(row).toBeVisible();
  findings.push(...(await axeViolations(owner.page, 'recordings')));
  expect(findings).toEqual([]);
  await row.getByTestId('recording-play').click();
  await player.expectLoaded();
});

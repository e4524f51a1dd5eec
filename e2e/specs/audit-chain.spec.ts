/**
 * DESIGN.md §15 and §14 from the audit log: the page shows the hash chain's verdict and says the
 * exports are verifiable; a session's events link straight to its recording.
 */
import { recordingIdFor } from '../../protocol/rest.js';
import { UserApi } from '../helpers/api.js';
import { expect, test } from '../helpers/test.js';
import { AuditPage } from '../pages/AuditPage.js';
import { RecordingPlayerPage } from '../pages/RecordingPlayerPage.js';

test('the audit log shows the chain verdict, says exports verify, and links a session to its recording', async ({ actors }) => {
  const owner = await actors.signIn('engineer', 'Cora Chain');
  const session = await new UserApi(owner.context).openDemoSession();
  const lead = await actors.signIn('noc_lead', 'Vera Verify');
  const audit = new AuditPage(lead.page);
  await audit.goto({ session_id: session.session_id });

  const verdict = lead.page.getByTestId('chain-verdict');
  await expect(verdict).toContainText(/Chain verified: [\d,.\s]+ events, head [0-9a-f]{8}…/);
  await expect(lead.page.getByTestId('chain-head')).toHaveAttribute('title', /^[0-9a-f]{64}$/);
  await expect(lead.page.getByTestId('export-verifiable')).toContainText('npm run audit:verify -- file.ndjson');
  await expect(lead.page.getByTestId('export-ndjson')).toHaveAccessibleDescription(/verifiable offline/);

  // The link from a broken chain's first bad event: the log narrowed to that one event.
  const [newest] = (await (await lead.context.request.get('/api/v1/audit?limit=1')).json()).events;
  await audit.goto({ event_id: newest.event_id });
  await expect(audit.rows).toHaveCount(1);
  await expect(lead.page.getByTestId('one-event-notice')).toContainText(newest.event_id);
  await lead.page.getByTestId('one-event-notice').getByRole('link', { name: 'Show all events' }).click();
  await audit.goto({ session_id: session.session_id });

  const opened = audit.rowsOfType('session.opened');
  await expect(opened).toHaveCount(1);
  await opened.getByTestId('recording-link').click();
  await expect(lead.page).toHaveURL(new RegExp(`/recordings/${recordingIdFor(session.session_id)}$`));
  const player = new RecordingPlayerPage(lead.page);
  await player.expectLoaded();
  await expect(lead.page.getByTestId('player-page')).toContainText('Cora Chain');
});

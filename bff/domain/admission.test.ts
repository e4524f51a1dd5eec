/** One admission (issue 10): each refusal says the same thing to REST, the socket and the audit log. */
import { describe, expect, it } from 'vitest';
import { CloseCode, isRetryableClose, StatusFrame } from '../../protocol/index.js';
import { refuse, sessionEndedStatus, shareEndedStatus, sharingStatus } from './admission.js';

const all = [
  refuse.notLoggedIn(),
  refuse.forbidden(),
  refuse.rateLimited(5_000),
  refuse.unknownToken(),
  refuse.ended('expired', null),
  refuse.ended('revoked', 'lead@example.com'),
  refuse.sessionEnded(),
  refuse.maxViewers(3),
  refuse.barred('owner@example.com'),
];

describe('refusals', () => {
  it('carry a 4xx status, an error code, a close code and a close reason a WebSocket can send', () => {
    for (const r of all) {
      expect(r.ok).toBe(false);
      expect(r.httpStatus).toBeGreaterThanOrEqual(400);
      expect(r.httpStatus).toBeLessThan(500);
      expect(r.code).toMatch(/^[a-z_]+$/);
      expect(Buffer.byteLength(r.closeReason)).toBeLessThanOrEqual(123);
      if (r.status) expect(StatusFrame.safeParse({ type: 'status', timestamp: 0, ...r.status }).success).toBe(true);
    }
  });

  it('never invite a reconnect that cannot succeed', () => {
    for (const r of all.filter((x) => x.reason !== 'rate_limited')) expect(isRetryableClose(r.closeCode), r.reason).toBe(false);
  });

  it('say who ended a share, in the same words viewers hear when it ends under them', () => {
    const revoked = refuse.ended('revoked', 'lead@example.com');
    expect(revoked.message).toBe('Share revoked by lead@example.com');
    expect(revoked.status).toEqual(shareEndedStatus('revoked', 'lead@example.com'));
    expect(refuse.ended('expired', null)).toMatchObject({ closeCode: CloseCode.shareEnded, httpStatus: 410, code: 'share_expired', message: 'Share expired' });
    expect(refuse.sessionEnded().status).toEqual(sessionEndedStatus);
    expect(refuse.barred('owner@example.com')).toMatchObject({ closeCode: CloseCode.viewerRemoved, status: { event: 'viewer_removed', by: 'owner@example.com', barred: true } });
    expect(refuse.maxViewers(3)).toMatchObject({ closeCode: CloseCode.maxViewers, details: { max_viewers: 3 } });
  });

  it('tell a pause by the owner from one at a password prompt', () => {
    expect(sharingStatus(true, 'owner', 'dana@example.com')).toMatchObject({ event: 'sharing_paused', message: 'Sharing paused by dana@example.com', reason: 'owner' });
    const auto = sharingStatus(true, 'password_prompt', null);
    expect(auto).toMatchObject({ event: 'sharing_paused', reason: 'password_prompt' });
    expect(auto).not.toHaveProperty('by');
    expect(sharingStatus(false, 'password_prompt', null)).toMatchObject({ event: 'sharing_resumed' });
  });
});

import { describe, expect, it } from 'vitest';
import { AuditType, type AuditEvent } from '../../../protocol/rest.js';
import { describeDetails, shortId } from './auditFormat.js';

const at = '2025-06-05T07:48:00.000Z';
const now = Date.parse(at);
const context = { zone: 'utc' as const, now };

function event(type: AuditEvent['type'], details: Record<string, unknown>): AuditEvent {
  return {
    event_id: 'evt_1',
    type,
    at,
    actor_user_id: 'usr_1',
    actor_email: 'a@example.com',
    share_id: null,
    session_id: null,
    ip: null,
    user_agent: null,
    instance_id: 'i1',
    details,
  };
}

describe('§8 audit details read as sentences', () => {
  it('share.created names expiry in the chosen zone and the viewer limit', () => {
    const created = event('share.created', { expires_at: '2025-06-05T08:18:00.000Z', max_viewers: null });
    expect(describeDetails(created, context)).toBe('Expires 08:18 UTC (in 30 min) · no viewer limit');
    const limited = event('share.created', { expires_at: '2025-06-05T08:18:00.000Z', max_viewers: 3 });
    expect(describeDetails(limited, { ...context, now: now + 3_600_000 })).toBe('Set to expire 08:18 UTC (a 30 min link) · up to 3 viewers');
  });

  it('viewer events say how long and why', () => {
    expect(describeDetails(event('viewer.left', { duration_ms: 250_000, reason: 'revoked' }), context)).toBe('Watched for 4 min 10 s · the share was revoked');
    expect(describeDetails(event('viewer.denied', { reason: 'max_viewers', max_viewers: 2 }), context)).toBe('Refused: the limit of 2 viewers was reached');
    expect(describeDetails(event('viewer.denied', { reason: 'unknown_token' }), context)).toBe('Refused: unknown or mistyped link');
    expect(describeDetails(event('share.revoked', { viewers_disconnected: 1 }), context)).toBe('Revoked; 1 viewer disconnected');
  });

  it('has a sentence for every audit type in protocol/, with no raw key: value pairs', () => {
    for (const type of AuditType.options) {
      const sentence = describeDetails(event(type, { reason: 'shutdown', host: 'h', port: 22, email: 'x@example.com' }), context);
      expect(sentence, type).not.toMatch(/\w+_\w+: /);
      expect(sentence.length, type).toBeGreaterThan(0);
    }
  });

  it('formats ISO times inside details of types it does not know yet', () => {
    // A type this build has no sentence for (share.extended was the example until it got one).
    const future = { ...event('share.created', {}), type: 'share.rescheduled' } as unknown as AuditEvent;
    future.details = { expires_at: '2025-06-05T09:00:00.000Z', by: 'owner' };
    expect(describeDetails(future, context)).toBe('Expires at: 09:00 UTC · By: owner');
  });

  it('recording events say what was looked at, downloaded, deleted or cut', () => {
    expect(describeDetails(event('recording.viewed', { view: 'list', filters: { user_id: 'usr_1', device: 'rtr' }, count: 3 }), context)).toBe('Listed 3 recordings, filtered by user id, device');
    expect(describeDetails(event('recording.viewed', { recording_id: 'rec_1', view: 'playback' }), context)).toBe('Played the recording');
    expect(describeDetails(event('recording.downloaded', { recording_id: 'rec_1', format: 'asciicast' }), context)).toBe('Downloaded the recording (asciicast file)');
    expect(describeDetails(event('recording.deleted', { recording_id: 'rec_1', reason: 'retention', retention: '30d' }), context)).toBe('Deleted the recording: older than the 30d retention');
    expect(describeDetails(event('recording.truncated', { recording_id: 'rec_1', bytes: 67_108_864, max_bytes: 67_108_864 }), context)).toBe(
      'Recording stopped: the session reached the 64 MiB limit; later output is not recorded',
    );
  });

  it('shortens ids after their prefix', () => {
    expect(shortId('share_0123456789abcdef0123')).toBe('share_012345…');
    expect(shortId('usr_1')).toBe('usr_1');
  });
});

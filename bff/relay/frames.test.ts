/** The encoders (issue 10): what the server sends parses with the schemas clients use. */
import { describe, expect, it } from 'vitest';
import { OwnerFrame, ViewerFrame } from '../../protocol/index.js';
import { encodeOwnerFrame, encodeViewerFrame, statusFrame } from './frames.js';

describe('frame encoders', () => {
  it('encode viewer frames that parse as ViewerFrame, byte for byte what JSON says', () => {
    const frames = [
      { type: 'output' as const, data: 'lab-rtr-01#\u00e9\u{1F680}', timestamp: 1, seq: 7 },
      { type: 'resize' as const, cols: 200, rows: 50, timestamp: 1 },
      statusFrame({ event: 'sharing_paused', message: 'Sharing paused by a@b.c', reason: 'owner', by: 'a@b.c' }, 2),
      { type: 'snapshot' as const, data: '\u001bc\u001b[31mred', cols: 80, rows: 24, seq: 3, timestamp: 4 },
    ];
    for (const frame of frames) {
      const text = encodeViewerFrame(frame);
      expect(ViewerFrame.parse(JSON.parse(text))).toEqual(frame);
    }
  });

  it('encode owner frames, viewer presence included, that parse as OwnerFrame', () => {
    const presence = { type: 'viewer_joined' as const, share_id: 'share_1', viewer: { user_id: 'usr_1', email: 'v@example.com', name: 'V', connection_id: 'vc_1' }, timestamp: 5 };
    expect(OwnerFrame.parse(JSON.parse(encodeOwnerFrame(presence)))).toEqual(presence);
    expect(OwnerFrame.parse(JSON.parse(encodeOwnerFrame({ type: 'shares', shares: [] })))).toEqual({ type: 'shares', shares: [] });
  });

  it('build status frames with their timestamp', () => {
    expect(statusFrame({ message: 'Session ended', event: 'session_ended' }, 9)).toEqual({ type: 'status', message: 'Session ended', event: 'session_ended', timestamp: 9 });
  });
});

/**
 * WebSocket frames (DESIGN.md §4 and §6), split by direction. JSON text frames, timestamps in epoch ms.
 */
import { z } from 'zod';
import { ShareSummary } from './rest.js';

// ---- client → server (owner terminal socket only; viewer sockets ignore everything) ----

export const InputFrame = z.object({ type: z.literal('input'), data: z.string().max(16_384) });
export const ClientResizeFrame = z.object({
  type: z.literal('resize'),
  cols: z.number().int().min(1).max(1000),
  rows: z.number().int().min(1).max(1000),
});
export const ClientToServerFrame = z.discriminatedUnion('type', [InputFrame, ClientResizeFrame]);
export type ClientToServerFrame = z.infer<typeof ClientToServerFrame>;

// ---- server → client ----

export const OutputFrame = z.object({
  type: z.literal('output'),
  data: z.string(),
  timestamp: z.number(),
  seq: z.number().int(),
});
export type OutputFrame = z.infer<typeof OutputFrame>;

export const ResizeFrame = z.object({
  type: z.literal('resize'),
  cols: z.number().int(),
  rows: z.number().int(),
  timestamp: z.number(),
});
export type ResizeFrame = z.infer<typeof ResizeFrame>;

/**
 * Machine-readable reason of a status frame; `message` is the human sentence from DESIGN.md.
 * Added to the contract (additive): clients may switch on `event` instead of parsing `message`.
 */
export const StatusEvent = z.enum([
  'connected',
  'owner_disconnected',
  'owner_reconnected',
  'session_ended',
  'share_expired',
  'share_revoked',
  'max_viewers',
  'output_gap',
  'store_unavailable',
  'too_slow',
  'signed_out',
  /** DESIGN.md §12: the host did not send the current screen in time; live output follows. */
  'snapshot_unavailable',
  /** DESIGN.md §13. */
  'sharing_paused',
  'sharing_resumed',
  'viewer_removed',
  'share_extended',
]);
export type StatusEvent = z.infer<typeof StatusEvent>;

export const StatusFrame = z.object({
  type: z.literal('status'),
  message: z.string(),
  timestamp: z.number(),
  event: StatusEvent.optional(),
  owner: z.object({ user_id: z.string(), email: z.string(), name: z.string() }).optional(),
  state: z.enum(['active', 'expired', 'revoked']).optional(),
  expires_at: z.string().optional(),
  revoked_by: z.string().optional(),
  device: z.string().optional(),
  owner_connected: z.boolean().optional(),
  missing: z.number().int().optional(),
  /** sharing_paused / sharing_resumed: why (`owner`, `password_prompt`) and who. */
  reason: z.string().optional(),
  by: z.string().optional(),
  /** viewer_removed: whether the viewer is barred from the share for its life. */
  barred: z.boolean().optional(),
});
export type StatusFrame = z.infer<typeof StatusFrame>;

/**
 * DESIGN.md §12: the current screen, sent once to a joining viewer (of a share that asked for it)
 * after `status` and `resize` and before live output; `seq` is the last output seq folded in, so
 * live output continues at seq + 1. Owners get one on (re)connect: their own screen and scrollback.
 */
export const SnapshotFrame = z.object({
  type: z.literal('snapshot'),
  data: z.string(),
  cols: z.number().int(),
  rows: z.number().int(),
  seq: z.number().int(),
  timestamp: z.number(),
});
export type SnapshotFrame = z.infer<typeof SnapshotFrame>;

const FrameViewer = z.object({ user_id: z.string(), email: z.string(), name: z.string(), connection_id: z.string() });

/** DESIGN.md §13: the owner's socket hears who starts and stops watching. */
export const ViewerPresenceFrame = z.object({
  type: z.enum(['viewer_joined', 'viewer_left']),
  share_id: z.string(),
  viewer: FrameViewer,
  timestamp: z.number(),
});
export type ViewerPresenceFrame = z.infer<typeof ViewerPresenceFrame>;

export const SharesFrame = z.object({ type: z.literal('shares'), shares: z.array(ShareSummary) });
export type SharesFrame = z.infer<typeof SharesFrame>;

/** What a viewer socket receives. */
export const ViewerFrame = z.discriminatedUnion('type', [OutputFrame, ResizeFrame, StatusFrame, SnapshotFrame]);
export type ViewerFrame = z.infer<typeof ViewerFrame>;

/** What the owner's terminal socket receives: the viewer frames plus share updates. */
export const OwnerFrame = z.union([z.discriminatedUnion('type', [OutputFrame, ResizeFrame, StatusFrame, SnapshotFrame, SharesFrame]), ViewerPresenceFrame]);
export type OwnerFrame = z.infer<typeof OwnerFrame>;

/** Payload limits (bytes) of the two sockets (issue: viewer ≤ 4 KiB, owner ≤ 64 KiB). */
export const maxViewerPayload = 4 * 1024;
export const maxOwnerPayload = 64 * 1024;

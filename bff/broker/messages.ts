/**
 * zod schemas of the broker's messages: what arrives from Valkey comes from another process (or
 * anyone who can publish on the server) and reaches sockets and the SSH stream, so it is checked
 * before use.
 */
import { z } from 'zod';
import { ClientResizeFrame, InputFrame, OwnerFrame } from '../../protocol/index.js';
import type { ControlEvent, InstanceMessage, OwnerCommand, SessionMessage } from './types.js';

const id = z.string().min(1).max(200);

export const OwnerCommandSchema = z.discriminatedUnion('type', [
  InputFrame,
  ClientResizeFrame,
  z.object({ type: z.literal('presence'), connected: z.boolean(), connectionId: id, instanceId: id }),
  z.object({ type: z.literal('close'), by: id, admin: z.boolean().optional() }),
  z.object({ type: z.literal('snapshot'), memberId: id, instanceId: id }),
  z.object({ type: z.literal('sharing'), paused: z.boolean(), by: z.object({ user_id: id, email: z.string().max(320) }) }),
  z.object({ type: z.literal('viewer_screen'), keep: z.boolean() }),
]) satisfies z.ZodType<OwnerCommand>;

export const ControlEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('share.ended'), shareId: id, sessionId: id, state: z.enum(['expired', 'revoked']), by: z.string().nullable() }),
  z.object({ type: z.literal('shares.changed'), sessionId: id }),
  z.object({ type: z.literal('session.ended'), sessionId: id, announce: z.boolean().optional() }),
  z.object({
    type: z.literal('viewer.presence'),
    sessionId: id,
    shareId: id,
    joined: z.boolean(),
    viewer: z.object({ user_id: id, email: z.string().max(320), name: z.string().max(200), connection_id: id }),
  }),
  z.object({ type: z.literal('viewer.removed'), sessionId: id, connectionId: id, by: z.string().max(320), barred: z.boolean() }),
  z.object({ type: z.literal('share.extended'), sessionId: id, shareId: id, expiresAt: z.string().max(40) }),
]) satisfies z.ZodType<ControlEvent>;

const frameJson = z.string().refine((json) => {
  try {
    return OwnerFrame.safeParse(JSON.parse(json)).success;
  } catch {
    return false;
  }
}, 'not a frame');

const seq = z.number().int().nonnegative();

export const SessionMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('frame'), audience: z.enum(['all', 'owner', 'viewers']), json: frameJson, seq: seq.nullable() }),
  z.object({ kind: z.literal('beacon'), ownerSeq: seq, viewerSeq: seq }),
]) satisfies z.ZodType<SessionMessage>;

export const InstanceMessageSchema = z.object({
  kind: z.literal('snapshot'),
  sessionId: id,
  memberId: id,
  json: frameJson.nullable(),
  seq,
}) satisfies z.ZodType<InstanceMessage>;

/** Parses a JSON payload with `schema`; null (and nothing thrown) for anything malformed. */
export function parseMessage<T>(schema: z.ZodType<T>, payload: string): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

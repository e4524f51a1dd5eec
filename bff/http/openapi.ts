/**
 * The OpenAPI 3.1 document of the HTTP API (DESIGN.md §18), generated from the protocol/ zod schemas
 * with zod's own z.toJSONSchema. It lives in bff/, not protocol/, so the browser bundle never pays
 * for it. `routes` has one row per operation the server mounts: adding a route is adding a row,
 * and bff/openapi.integration.test.ts fails, naming the route, until the two agree.
 */
import { z } from 'zod';
import * as wire from '../../protocol/index.js';
import { sessionCookieName } from '../auth/credentials.js';
import { can, Permission } from '../auth/permissions.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** Who may call: anyone, any logged-in user (cookie or bearer), or the listed roles only. */
export type Auth = 'none' | 'login' | readonly wire.Role[];
/** A body in one media type: JSON of a schema, plain text, or NDJSON whose every line is the schema. */
export type Media = z.ZodType | 'text' | { lines: z.ZodType };
export interface Reply {
  description: string;
  content?: Record<string, Media>;
  headers?: Record<string, string>;
}

export interface WebSocketDoc {
  /** What the client may send; null when everything it sends is dropped. */
  clientFrames: z.ZodType | null;
  serverFrames: z.ZodType;
  maxPayloadBytes: number;
  closeCodes: Record<number, string>;
}

export interface ApiRoute {
  method: HttpMethod;
  /** OpenAPI form, `{name}` for an Express `:name`. */
  path: string;
  summary: string;
  tag: string;
  auth: Auth;
  description?: string;
  body?: z.ZodType;
  query?: z.ZodObject;
  /** Success answers by status: a JSON schema, a Reply, or null for no body. */
  responses: Record<number, z.ZodType | Reply | null>;
  /** Answers with the shared error body, by status: which codes, and when. Common ones are added. */
  errors?: Record<number, string>;
  websocket?: WebSocketDoc;
}

/** The roles holding a permission, from the one table the server enforces (auth/permissions.ts). */
export const rolesWith = (permission: Permission): wire.Role[] => wire.Role.options.filter((role) => can(role, permission));

// Bodies the server answers that protocol/ does not name yet.
const Health = z.object({ status: z.literal('ok'), instance_id: z.string() });
const Readiness = z.object({
  status: z.enum(['ready', 'not_ready']),
  instance_id: z.string(),
  checks: z.object({ store: z.boolean(), broker: z.boolean(), registered: z.boolean() }),
});
const Me = z.object({ user: wire.User });
const OpenApiDocument = z.looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.record(z.string(), z.unknown()) });
/** The export's filters: the audit query without paging, plus the format (as in routes/audit.ts). */
const AuditExportQuery = wire.AuditQuery.omit({ limit: true, cursor: true }).extend({ format: z.enum(['csv', 'ndjson']).default('csv') });

/** Named schemas of what the server sends (converted with io "output"). */
const outputComponents: Record<string, z.ZodType> = {
  ErrorBody: wire.ErrorBody, Role: wire.Role, User: wire.User, LoginResponse: wire.LoginResponse, Me, UserList: wire.UserList,
  Device: wire.Device, DeviceList: wire.DeviceList, Session: wire.Session, SessionList: wire.SessionList,
  ShareState: wire.ShareState, Viewer: wire.Viewer, ShareCreated: wire.ShareCreated, ShareSummary: wire.ShareSummary,
  ShareList: wire.ShareList, RevokeResponse: wire.RevokeResponse, SharedInfo: wire.SharedInfo,
  SshHostKey: wire.SshHostKey, SshHostKeyList: wire.SshHostKeyList, AuditType: wire.AuditType, AuditEvent: wire.AuditEvent,
  AuditPage: wire.AuditPage, AuditExportEvent: wire.AuditExportEvent, AuditChainFault: wire.AuditChainFault,
  AuditChainVerdict: wire.AuditChainVerdict, Instance: wire.Instance, InstanceList: wire.InstanceList, Health, Readiness,
  Recording: wire.Recording, RecordingList: wire.RecordingList, RecordingTimeline: wire.RecordingTimeline, RecordingChunk: wire.RecordingChunk,
  OutputFrame: wire.OutputFrame, ResizeFrame: wire.ResizeFrame, StatusEvent: wire.StatusEvent, StatusFrame: wire.StatusFrame,
  SharesFrame: wire.SharesFrame, ViewerFrame: wire.ViewerFrame, OwnerFrame: wire.OwnerFrame,
};
/** Named schemas of what clients send (io "input": defaults make fields optional). */
const inputComponents: Record<string, z.ZodType> = {
  LoginRequest: wire.LoginRequest, CreateUserRequest: wire.CreateUserRequest, CreateSessionRequest: wire.CreateSessionRequest,
  CreateShareRequest: wire.CreateShareRequest, InputFrame: wire.InputFrame, ClientResizeFrame: wire.ClientResizeFrame,
  ClientToServerFrame: wire.ClientToServerFrame,
};

const { CloseCode } = wire;
const socketCloseCodes = {
  [CloseCode.normal]: 'the session ended (after a status frame with event session_ended)',
  [CloseCode.policyViolation]: 'policy violation: too many frames before the socket was ready, or too many unknown share links',
  [CloseCode.messageTooBig]: 'the client sent a frame over max_payload_bytes',
  [CloseCode.internalError]: 'internal error; retryable',
  [CloseCode.notLoggedIn]: 'no valid login: a Bearer token, or the cookie together with an allowed Origin',
  [CloseCode.forbidden]: 'logged in but not allowed',
  [CloseCode.notFound]: 'unknown session or share token',
  [CloseCode.tooSlow]: 'the client read too slowly and its send buffer overflowed',
  [CloseCode.storeUnavailable]: 'the store is unreachable (fail closed); retryable',
};
const viewerOnlyCloseCodes = {
  [CloseCode.shareEnded]: 'the share expired or was revoked (after a status frame saying which and by whom); final',
  [CloseCode.maxViewers]: 'max_viewers is reached (after a status frame with event max_viewers)',
};
const upgradeRefusals: Record<number, Reply> = {
  101: { description: 'Switching Protocols: the socket is open; frames as in x-websocket-frames' },
  403: { description: 'The Origin header is not an allowed origin: refused before the handshake, empty body' },
};

const login = 'login' as const;
const none = 'none' as const;
const noContent = null;

/**
 * Every operation the server mounts; the integration test walks the Express router against it.
 * A new route is one row: method, path (`{name}` for `:name`), tag, auth ('none', 'login' or
 * rolesWith(Permission.…)), summary, `body`/`query` as protocol/ schemas, success `responses` by
 * status, and `errors` by status with their codes. 400 (body/query), 401, 403 (roles, cookie
 * writes), 413 and 503 are added by rule; a schema not named in the components is inlined.
 */
export const routes: ApiRoute[] = [
  { method: 'get', path: '/healthz', tag: 'health', auth: none, summary: 'Liveness', responses: { 200: Health } },
  { method: 'get', path: '/readyz', tag: 'health', auth: none, summary: 'Readiness: store and broker reachable, instance registered', responses: { 200: Readiness, 503: { description: 'Not ready: `checks` says what is down', content: { 'application/json': Readiness } } } },
  { method: 'get', path: '/metrics', tag: 'health', auth: none, summary: 'Prometheus metrics (open unless NS_METRICS_TOKEN is set: then `Authorization: Bearer <token>`)', responses: { 200: { description: 'Prometheus text exposition format', content: { 'text/plain': 'text' } } }, errors: { 401: 'unauthorized: NS_METRICS_TOKEN is set and the Bearer token is missing or wrong' } },
  { method: 'get', path: '/api/v1/openapi.json', tag: 'docs', auth: none, summary: 'This document', responses: { 200: OpenApiDocument } },

  { method: 'post', path: '/api/v1/auth/login', tag: 'auth', auth: none, summary: 'Log in: a token for `Authorization: Bearer` and the HttpOnly cookie', body: wire.LoginRequest, responses: { 200: { description: 'Logged in', content: { 'application/json': wire.LoginResponse }, headers: { 'Set-Cookie': `${sessionCookieName}=<token>; Path=/; HttpOnly; SameSite=Lax (Secure under TLS or with an https NS_PUBLIC_URL)` } } }, errors: { 401: 'invalid_credentials: wrong email or password, or a disabled account', 403: 'cross_origin_refused: sent with a foreign Origin', 429: 'too_many_attempts: too many failed logins for this account or address' } },
  { method: 'get', path: '/api/v1/auth/me', tag: 'auth', auth: login, summary: 'Who am I', responses: { 200: Me } },
  { method: 'post', path: '/api/v1/auth/logout', tag: 'auth', auth: none, summary: 'Log out: ends the login token (if any) and clears the cookie', responses: { 204: noContent }, errors: { 403: 'cross_origin_refused: cookie sent with a foreign Origin' } },

  { method: 'get', path: '/api/v1/users', tag: 'users', auth: rolesWith(Permission.userManage), summary: 'List users', responses: { 200: wire.UserList } },
  { method: 'post', path: '/api/v1/users', tag: 'users', auth: rolesWith(Permission.userManage), summary: 'Create a user', body: wire.CreateUserRequest, responses: { 201: wire.User }, errors: { 409: 'user_exists: the email is taken' } },
  { method: 'patch', path: '/api/v1/users/{id}', tag: 'users', auth: rolesWith(Permission.userManage), summary: 'Change a user’s role or name, disable or enable the account (ends its logins on a role change or when disabled)', body: wire.UpdateUserRequest, responses: { 200: wire.UserListItem }, errors: { 404: 'not_found', 400: 'cannot_change_self' } },
  { method: 'post', path: '/api/v1/users/{id}/password', tag: 'users', auth: login, summary: 'Set a password: an admin for anyone, a user for themself with current_password; ends the account’s logins', body: wire.ChangePasswordRequest, responses: { 204: noContent }, errors: { 403: 'forbidden', 404: 'not_found' } },
  { method: 'delete', path: '/api/v1/users/{id}/logins', tag: 'users', auth: login, summary: 'Sign out everywhere: an admin for anyone, a user for themself; their open sockets close', responses: { 200: wire.LoginsRevoked }, errors: { 403: 'forbidden', 404: 'not_found' } },

  { method: 'get', path: '/api/v1/devices', tag: 'sessions', auth: login, summary: 'Devices one may open a session to (dev_demo: the built-in lab router)', responses: { 200: wire.DeviceList } },
  { method: 'post', path: '/api/v1/sessions', tag: 'sessions', auth: rolesWith(Permission.sessionOpen), summary: 'Open an SSH session to a device or an ad-hoc host', body: wire.CreateSessionRequest, responses: { 201: wire.Session }, errors: { 400: 'unknown_device, invalid_host, invalid_private_key', 403: 'ssh_target_refused: the target is not allowed (NS_SSH_ALLOW / NS_SSH_DENY; loopback, link-local and cloud metadata by default)', 429: 'too_many_sessions: NS_MAX_SESSIONS_PER_USER sessions are open; too_many_sessions_opened: too many session attempts in 10 minutes', 502: 'ssh_connect_failed: the device could not be reached or refused the login (details in the audit log); ssh_host_key_mismatch: the host presented another key than the pinned one' } },
  { method: 'get', path: '/api/v1/sessions', tag: 'sessions', auth: login, summary: 'My active sessions', responses: { 200: wire.SessionList } },
  { method: 'get', path: '/api/v1/sessions/{id}', tag: 'sessions', auth: login, summary: 'One session (its owner, or an admin)', responses: { 200: wire.Session }, errors: { 403: 'forbidden: not the owner', 404: 'not_found: no such session' } },
  { method: 'delete', path: '/api/v1/sessions/{id}', tag: 'sessions', auth: login, summary: 'Close a session (its owner, or an admin); viewers get status "Session ended"', responses: { 200: wire.Session }, errors: { 403: 'forbidden: not the owner', 404: 'not_found: no such session' } },
  { method: 'post', path: '/api/v1/sessions/{id}/share', tag: 'shares', auth: login, summary: 'Share a session read-only (its owner only)', body: wire.CreateShareRequest, responses: { 201: wire.ShareCreated }, errors: { 400: 'require_auth_required: require_auth cannot be false; invalid_expires_in', 403: 'forbidden: not the owner, or the role may not share', 404: 'not_found: no such session', 409: 'session_ended' } },
  { method: 'get', path: '/api/v1/sessions/{id}/shares', tag: 'shares', auth: login, summary: "A session's shares with their viewers (owner, noc_lead, admin)", query: wire.SessionShareListQuery, responses: { 200: wire.ShareList }, errors: { 400: 'invalid_cursor', 403: 'forbidden', 404: 'not_found: no such session' } },
  { method: 'delete', path: '/api/v1/sessions/{id}/shares/{shareId}', tag: 'shares', auth: login, summary: 'Revoke a share: every viewer on every instance is disconnected (owner, noc_lead, admin)', responses: { 200: wire.RevokeResponse }, errors: { 403: 'forbidden', 404: 'not_found: no such share on this session', 409: 'share_expired, share_revoked: the share already ended' } },
  { method: 'patch', path: '/api/v1/sessions/{id}/shares/{shareId}', tag: 'shares', auth: login, summary: 'Extend a share: expires_at = now + expires_in (owner, noc_lead, admin); viewers get status share_extended', body: wire.ExtendShareRequest, responses: { 200: wire.ShareSummary }, errors: { 400: 'invalid_expires_in', 403: 'forbidden', 404: 'not_found', 409: 'share_expired, share_revoked' } },
  { method: 'delete', path: '/api/v1/sessions/{id}/shares/{shareId}/viewers/{connectionId}', tag: 'shares', auth: login, summary: 'Remove one viewer (close 4412), optionally barring that user from the share (owner, noc_lead, admin)', query: wire.RemoveViewerQuery, responses: { 200: wire.ViewerRemoved }, errors: { 403: 'forbidden', 404: 'not_found: no such viewer on this share' } },
  { method: 'post', path: '/api/v1/sessions/{id}/pause', tag: 'sessions', auth: login, summary: 'Pause sharing of the session (all its shares): viewers see nothing produced until resume (owner, noc_lead, admin)', responses: { 200: wire.SharingStatus }, errors: { 403: 'forbidden', 404: 'not_found', 409: 'session_ended' } },
  { method: 'post', path: '/api/v1/sessions/{id}/resume', tag: 'sessions', auth: login, summary: 'Resume sharing (owner, noc_lead, admin)', responses: { 200: wire.SharingStatus }, errors: { 403: 'forbidden', 404: 'not_found', 409: 'session_ended' } },
  { method: 'get', path: '/api/v1/sessions/{id}/ws', tag: 'sockets', auth: login, summary: "WebSocket: the owner's terminal (owner only)", responses: upgradeRefusals, websocket: { clientFrames: wire.ClientToServerFrame, serverFrames: wire.OwnerFrame, maxPayloadBytes: wire.maxOwnerPayload, closeCodes: socketCloseCodes } },
  { method: 'get', path: '/api/v1/sessions/shared/{token}/ws', tag: 'sockets', auth: rolesWith(Permission.shareView), summary: 'WebSocket: watch a share read-only', description: 'First a status frame (event connected: owner, state, expires_at) and a resize frame, then live output. Everything the viewer sends is dropped.', responses: { ...upgradeRefusals, 429: { description: 'Too many unknown share links from this address: refused before the handshake, with Retry-After' }, 503: { description: 'The store is unreachable: refused before the handshake' } }, websocket: { clientFrames: null, serverFrames: wire.ViewerFrame, maxPayloadBytes: wire.maxViewerPayload, closeCodes: { ...socketCloseCodes, ...viewerOnlyCloseCodes } } },

  { method: 'get', path: '/api/v1/shares', tag: 'shares', auth: login, summary: 'Every share I may manage (mine; all for noc_lead and admin): Manage Shares', query: wire.ShareListQuery, responses: { 200: wire.ShareList } },
  { method: 'get', path: '/api/v1/shared/{token}', tag: 'shares', auth: login, summary: 'What the viewer page shows before connecting', responses: { 200: wire.SharedInfo }, errors: { 403: 'forbidden: the role may not view shares', 404: 'not_found: the link is not valid', 410: 'share_expired, share_revoked', 429: 'too_many_attempts: too many unknown share links' } },

  { method: 'get', path: '/api/v1/audit', tag: 'audit', auth: rolesWith(Permission.auditRead), summary: 'Query the audit log, newest first, one page at a time', query: wire.AuditQuery, responses: { 200: wire.AuditPage }, errors: { 400: 'invalid_cursor' } },
  { method: 'get', path: '/api/v1/audit/export', tag: 'audit', auth: rolesWith(Permission.auditRead), summary: 'Export the audit log (same filters), streamed', query: AuditExportQuery, responses: { 200: { description: 'An attachment: CSV with a header row, or one AuditExportEvent JSON per line (with id, prev_hash, hash)', content: { 'text/csv': 'text', 'application/x-ndjson': { lines: wire.AuditExportEvent } } } } },
  { method: 'get', path: '/api/v1/audit/verify', tag: 'audit', auth: rolesWith(Permission.auditRead), summary: 'Verify the hash chain of the stored audit log', responses: { 200: wire.AuditChainVerdict } },

  { method: 'get', path: '/api/v1/recordings', tag: 'recordings', auth: rolesWith(Permission.recordingsRead), summary: 'Session recordings, newest first, one page at a time (engineers: their own sessions only); audited as recording.viewed', query: wire.RecordingQuery, responses: { 200: wire.RecordingList }, errors: { 400: 'invalid_cursor', 403: 'forbidden: user_id of someone else, without noc_lead or admin' } },
  { method: 'get', path: '/api/v1/recordings/{recordingId}', tag: 'recordings', auth: rolesWith(Permission.recordingsRead), summary: "One recording's metadata (the session owner, noc_lead, admin); audited as recording.viewed", responses: { 200: wire.Recording }, errors: { 403: 'forbidden: not the session owner', 404: 'not_found: no such recording' } },
  { method: 'get', path: '/api/v1/recordings/{recordingId}/timeline', tag: 'recordings', auth: rolesWith(Permission.recordingsRead), summary: 'What a player needs to seek: the recording and its chunks with their times and keyframes; audited as a playback (recording.viewed)', responses: { 200: wire.RecordingTimeline }, errors: { 403: 'forbidden: not the session owner', 404: 'not_found: no such recording' } },
  { method: 'get', path: '/api/v1/recordings/{recordingId}/chunks/{seq}', tag: 'recordings', auth: rolesWith(Permission.recordingsRead), summary: "One chunk's events, after the screen (keyframe) it starts from, if it has one", responses: { 200: wire.RecordingChunk }, errors: { 400: 'validation_failed: seq is not a chunk number', 403: 'forbidden: not the session owner', 404: 'not_found: no such recording or chunk' } },
  { method: 'get', path: '/api/v1/recordings/{recordingId}/cast', tag: 'recordings', auth: rolesWith(Permission.recordingsRead), summary: 'The recording as an asciicast v2 file, streamed (asciinema play); inline and audited as recording.viewed, or with download=1 an attachment audited as recording.downloaded', query: wire.RecordingCastQuery, responses: { 200: { description: 'asciicast v2: a header line {"version":2,"width","height","timestamp","duration","title","env"}, then one [seconds, "o"|"r", data] event a line', content: { 'application/x-asciicast': 'text' }, headers: { 'Content-Disposition': 'attachment (download=1) or inline; filename="netstacks-<device>-<start>.cast"' } } }, errors: { 403: 'forbidden: not the session owner', 404: 'not_found: no such recording' } },

  { method: 'get', path: '/api/v1/admin/instances', tag: 'admin', auth: rolesWith(Permission.instancesRead), summary: 'Instances registered in Valkey (HA), or mode single', responses: { 200: wire.InstanceList } },
  { method: 'get', path: '/api/v1/admin/ssh-host-keys', tag: 'admin', auth: rolesWith(Permission.hostKeysManage), summary: 'SSH host keys pinned on first use', responses: { 200: wire.SshHostKeyList } },
  { method: 'delete', path: '/api/v1/admin/ssh-host-keys/{hostKeyId}', tag: 'admin', auth: rolesWith(Permission.hostKeysManage), summary: 'Forget a pinned host key: the next session trusts what the host presents', responses: { 204: noContent }, errors: { 404: 'not_found: no such pinned key' } },
];

const pathParams: Record<string, string> = {
  id: 'Session id (sess_…)',
  shareId: 'Share id (share_…)',
  token: 'Share token (ns_share_…), from share_url',
  hostKeyId: 'Pinned host key id (hk_…)',
  recordingId: 'Recording id (rec_…; the session sess_X has the recording rec_X)',
  seq: 'Chunk number, from the timeline (0, 1, 2, …)',
};

type Json = Record<string, unknown>;
type Io = 'input' | 'output';
const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

/** Builds the whole document; cheap enough to build once per process and serve as is. */
export function buildOpenApiDocument(): Json {
  const named = { output: new Map<z.ZodType, string>(), input: new Map<z.ZodType, string>() };
  const schemas: Record<string, Json> = {};
  for (const [io, components] of [['output', outputComponents], ['input', inputComponents]] as const) {
    const registry = z.registry<{ id: string }>();
    for (const [id, schema] of Object.entries(components)) {
      registry.add(schema, { id });
      named[io].set(schema, id);
    }
    const converted = z.toJSONSchema(registry, { io, uri: (id) => ref(id).$ref }).schemas;
    for (const [id, schema] of Object.entries(converted)) schemas[id] = openObjects(strip(schema as Json));
  }
  const schemaOf = (schema: z.ZodType, io: Io): Json => {
    const id = named[io].get(schema);
    return id ? ref(id) : openObjects(strip(z.toJSONSchema(schema, { io }) as Json));
  };

  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    const item = (paths[route.path] ??= {});
    if (item[route.method]) throw new Error(`${route.method.toUpperCase()} ${route.path} is listed twice in the OpenAPI routes`);
    item[route.method] = operation(route, schemaOf);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'NetStacks Session Sharing',
      version: '1',
      description:
        'Live read-only sharing of SSH sessions. Errors answer `{"error":{"code","message"}}`. ' +
        'A method a path does not list answers 405 with an Allow header. Objects may gain fields: ' +
        'the contract changes only by adding. docs/api.md describes auth, paging and the WebSocket frames.',
    },
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
    security: [{ bearerAuth: [] }, { cookieAuth: [] }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'The token from POST /api/v1/auth/login' },
        cookieAuth: { type: 'apiKey', in: 'cookie', name: sessionCookieName, description: 'Set by POST /api/v1/auth/login; writes need an allowed Origin' },
      },
    },
  };
}

function operation(route: ApiRoute, schemaOf: (schema: z.ZodType, io: Io) => Json): Json {
  const roles = Array.isArray(route.auth) ? (route.auth as wire.Role[]) : null;
  const responses: Record<string, Json> = {};
  for (const [status, reply] of Object.entries(route.responses)) responses[status] = response(status, reply, schemaOf);
  if (!route.websocket) {
    for (const [status, text] of errorsOf(route)) {
      responses[status] = {
        description: text.join('; '),
        content: { 'application/json': { schema: ref('ErrorBody') } },
        ...(status === 429 ? { headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } } } : {}),
      };
    }
  }
  const description = [roles ? `Roles: ${roles.join(', ')}.` : '', route.description ?? '', route.websocket ? socketNote(route.websocket) : '']
    .filter(Boolean)
    .join(' ');
  return {
    operationId: operationId(route),
    summary: route.summary,
    ...(description ? { description } : {}),
    tags: [route.tag],
    security: route.auth === 'none' ? [] : [{ bearerAuth: [] }, { cookieAuth: [] }],
    ...(roles ? { 'x-roles': roles } : {}),
    parameters: [...pathParameters(route.path), ...queryParameters(route.query)],
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(route.body, 'input') } } } } : {}),
    responses,
    ...(route.websocket
      ? {
          'x-websocket-frames': {
            client_to_server: route.websocket.clientFrames ? schemaOf(route.websocket.clientFrames, 'input') : null,
            server_to_client: schemaOf(route.websocket.serverFrames, 'output'),
            max_payload_bytes: route.websocket.maxPayloadBytes,
            close_codes: route.websocket.closeCodes,
          },
        }
      : {}),
  };
}

function response(status: string, reply: z.ZodType | Reply | null, schemaOf: (schema: z.ZodType, io: Io) => Json): Json {
  if (reply === null) return { description: status === '204' ? 'No content' : 'No body' };
  if (reply instanceof z.ZodType) return { description: 'OK', content: { 'application/json': { schema: schemaOf(reply, 'output') } } };
  const content: Record<string, Json> = {};
  for (const [mediaType, media] of Object.entries(reply.content ?? {})) {
    if (media === 'text') content[mediaType] = { schema: { type: 'string' } };
    else if (media instanceof z.ZodType) content[mediaType] = { schema: schemaOf(media, 'output') };
    else content[mediaType] = { schema: { type: 'string' }, 'x-ndjson-line': schemaOf(media.lines, 'output') };
  }
  const headers = Object.fromEntries(Object.entries(reply.headers ?? {}).map(([name, text]) => [name, { description: text, schema: { type: 'string' } }]));
  return { description: reply.description, ...(reply.content ? { content } : {}), ...(reply.headers ? { headers } : {}) };
}

/** The route's own error answers plus those every route of its kind can give. */
function errorsOf(route: ApiRoute): Map<number, string[]> {
  const errors = new Map<number, string[]>();
  const add = (status: number, text: string) => errors.set(status, [...(errors.get(status) ?? []), text]);
  if (route.body || route.query) add(400, 'validation_failed: the request does not match its schema (the message names the field)');
  if (route.body) {
    add(400, 'invalid_json: the body is not JSON');
    add(413, 'payload_too_large: the body is over 64 KiB');
  }
  if (route.auth !== 'none') add(401, 'unauthorized: no login token, or it expired');
  if (Array.isArray(route.auth)) add(403, `forbidden: only ${route.auth.join(', ')} may`);
  if (route.auth !== 'none' && route.method !== 'get') add(403, 'cross_origin_refused: a cookie-authenticated write from an Origin that is not allowed');
  for (const [status, text] of Object.entries(route.errors ?? {})) add(Number(status), text);
  if (route.auth !== 'none') add(503, 'store_unavailable: the store is unreachable (fail closed)');
  return new Map([...errors].sort(([a], [b]) => a - b));
}

function socketNote(ws: WebSocketDoc): string {
  const sends = ws.clientFrames ? 'client frames: #/components/schemas/ClientToServerFrame' : 'whatever the client sends is dropped';
  return `Upgrade with GET (ws: or wss:); JSON text frames, timestamps in epoch ms; ${sends}; server frames in x-websocket-frames; close codes in x-websocket-frames.close_codes.`;
}

function pathParameters(path: string): Json[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    description: pathParams[name!] ?? name,
    schema: { type: 'string' },
  }));
}

function queryParameters(query: z.ZodObject | undefined): Json[] {
  if (!query) return [];
  const schema = z.toJSONSchema(query, { io: 'input' }) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    schema: property,
  }));
}

/** `get /api/v1/sessions/{id}/shares` → `getSessionsByIdShares`. */
function operationId(route: ApiRoute): string {
  const words = route.path
    .replace(/^\/api\/v1\//, '/')
    .split(/[/.-]/)
    .filter(Boolean)
    .map((part) => (part.startsWith('{') ? `By${capitalise(part.slice(1, -1))}` : capitalise(part)));
  return route.method + words.join('');
}

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** Drops what belongs to a standalone JSON Schema, not to an OpenAPI component. */
function strip(schema: Json): Json {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

/**
 * zod marks output objects closed (additionalProperties: false) because a parse result has no
 * other keys; the published contract stays open instead, so adding a field breaks no client.
 */
function openObjects<T>(node: T): T {
  if (Array.isArray(node)) node.forEach(openObjects);
  else if (node && typeof node === 'object') {
    const record = node as Json;
    if (record.additionalProperties === false) delete record.additionalProperties;
    Object.values(record).forEach(openObjects);
  }
  return node;
}

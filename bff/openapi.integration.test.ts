/**
 * DESIGN.md §18: the OpenAPI document names exactly the routes the server mounts, and what they
 * really answer. Adding a route to the server without a row in bff/http/openapi.ts fails here,
 * naming the route; so does a row whose statuses, bodies, roles or methods are wrong.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingIdFor, type Role } from '../protocol/index.js';
import { createApp } from './app.js';
import { buildOpenApiDocument } from './http/openapi.js';
import { api, type ApiResult, createUser, eventually, startBff, type TestBff, wsClient, type WsClient } from './testing/harness.js';

type Json = Record<string, any>;
interface Operation {
  method: string;
  path: string;
  spec: Json;
}

let bff: TestBff;
let doc: Json;
const tokens = {} as Record<Role, string>;

beforeAll(async () => {
  bff = await startBff();
  doc = (await api(bff.url, 'GET', '/api/v1/openapi.json')).body;
  tokens.admin = bff.adminToken;
  for (const role of ['noc_lead', 'engineer', 'guest'] as const) tokens[role] = (await createUser(bff, role)).token;
});
afterAll(async () => {
  await bff?.close();
});

describe('OpenAPI document (§18)', () => {
  it('is served publicly at /api/v1/openapi.json, as generated from the protocol schemas', async () => {
    const r = await api(bff.url, 'GET', '/api/v1/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
    expect(r.body.openapi).toBe('3.1.0');
  });

  it('lists every method and path the Express app mounts, and nothing it does not', () => {
    const mounted = mountedRoutes(createApp(bff.server.deps).router.stack as unknown as Layer[]);
    const documented = operations()
      .filter((op) => !op.spec['x-websocket-frames'])
      .map((op) => `${op.method.toUpperCase()} ${op.path}`);
    const missing = mounted.filter((route) => !documented.includes(route));
    const extra = documented.filter((route) => !mounted.includes(route));
    expect(missing, 'mounted but missing from the OpenAPI document: add a row to `routes` in bff/http/openapi.ts').toEqual([]);
    expect(extra, 'in the OpenAPI document but not mounted by the server: fix or remove its row in bff/http/openapi.ts').toEqual([]);
  });

  it('declares every path parameter and gives each operation a unique id', () => {
    const ids = operations().map((op) => op.spec.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const op of operations()) {
      const inPath = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const declared = op.spec.parameters.filter((p: Json) => p.in === 'path').map((p: Json) => p.name);
      expect(declared, `${op.method.toUpperCase()} ${op.path}`).toEqual(inPath);
    }
  });

  it('answers 401 without a login wherever it says a login is needed, and never where it says none', async () => {
    for (const op of httpOperations()) {
      const r = await call(op.method, op.path, { token: null, body: op.method === 'get' ? undefined : {} });
      const where = `${op.method.toUpperCase()} ${op.path} without a login`;
      if (op.spec.security.length === 0) expect(r.status, where).not.toBe(401);
      else expect(r.status, where).toBe(401);
    }
  });

  it('lets exactly the documented roles through on role-restricted routes', async () => {
    for (const op of httpOperations().filter((o) => o.spec['x-roles'])) {
      for (const role of Object.keys(tokens) as Role[]) {
        const r = await call(op.method, op.path, { token: tokens[role], body: op.method === 'get' ? undefined : {} });
        const where = `${op.method.toUpperCase()} ${op.path} as ${role} (documented roles: ${op.spec['x-roles'].join(', ')})`;
        if (op.spec['x-roles'].includes(role)) expect([401, 403], where).not.toContain(r.status);
        else expect(r.status, where).toBe(403);
      }
    }
  });

  it('answers 405 with an Allow header naming exactly the documented methods of each path', async () => {
    for (const [path, item] of Object.entries<Json>(doc.paths)) {
      if (Object.values<Json>(item).some((op) => op['x-websocket-frames'])) continue;
      const methods = Object.keys(item);
      const other = ['put', 'patch', 'delete', 'post'].find((m) => !methods.includes(m))!;
      const r = await api(bff.url, other.toUpperCase(), fill(path), tokens.admin);
      expect(r.status, `${other.toUpperCase()} ${path}`).toBe(405);
      validate(ref('ErrorBody'), r.body, `405 body of ${path}`);
      const allow = (r.headers.get('allow') ?? '').split(', ').sort();
      expect(allow, `Allow header of ${path}`).toEqual([...methods.map((m) => m.toUpperCase()), ...(methods.includes('get') ? ['HEAD'] : [])].sort());
    }
  });

  it('describes the answers of a realistic flow: login, session, share, viewer, audit, users, errors', async () => {
    const admin = tokens.admin;
    const engineer = tokens.engineer;
    const guest = tokens.guest;
    await call('post', '/api/v1/auth/login', { token: null, body: { email: 'admin@example.com', password: 'wrong-password' } }, 401);
    await call('post', '/api/v1/auth/login', { token: null, body: { email: '' } }, 400);
    await call('post', '/api/v1/auth/login', { token: null, body: '{not json' }, 400);
    const throwaway = (await call('post', '/api/v1/auth/login', { token: null, body: { email: 'admin@example.com', password: 'Admin-test-password-1' } }, 200)).body.token;
    await call('get', '/api/v1/auth/me', { token: throwaway }, 200);
    await call('post', '/api/v1/auth/logout', { token: throwaway }, 204);
    await call('get', '/api/v1/auth/me', { token: throwaway }, 401);

    for (const path of ['/healthz', '/readyz', '/metrics']) await call('get', path, { token: null }, 200);
    await call('get', '/api/v1/devices', { token: engineer }, 200);
    await call('post', '/api/v1/sessions', { token: engineer, body: { device_id: 'dev_nope' } }, 400);
    await call('post', '/api/v1/sessions', { token: guest, body: { device_id: 'dev_demo' } }, 403);
    const session = (await call('post', '/api/v1/sessions', { token: engineer, body: { device_id: 'dev_demo' } }, 201)).body;
    const id = session.session_id as string;
    await call('get', '/api/v1/sessions', { token: engineer }, 200);
    await call('get', '/api/v1/sessions/{id}', { token: engineer, params: { id } }, 200);
    await call('get', '/api/v1/sessions/{id}', { token: guest, params: { id } }, 403);
    await call('get', '/api/v1/sessions/{id}', { token: engineer, params: { id: 'sess_0' } }, 404);

    const owner = socket('/api/v1/sessions/{id}/ws', { id }, engineer);
    await eventually(() => expect(owner.text()).toMatch(/lab-rtr-01#/));

    await call('post', '/api/v1/sessions/{id}/share', { token: engineer, params: { id }, body: { require_auth: false } }, 400);
    await call('post', '/api/v1/sessions/{id}/share', { token: engineer, params: { id }, body: { expires_in: '10s' } }, 400);
    await call('post', '/api/v1/sessions/{id}/share', { token: engineer, params: { id }, body: { expires_in: 'soon' } }, 400);
    await call('post', '/api/v1/sessions/{id}/share', { token: admin, params: { id }, body: {} }, 403);
    const share = (await call('post', '/api/v1/sessions/{id}/share', { token: engineer, params: { id }, body: { expires_in: '1h30m', max_viewers: 5 } }, 201)).body;
    const shareId = share.share_id as string;
    await call('get', '/api/v1/shared/{token}', { token: guest, params: { token: share.token } }, 200);
    await call('get', '/api/v1/shared/{token}', { token: guest, params: { token: 'ns_share_unknown' } }, 404);

    const viewer = socket('/api/v1/sessions/shared/{token}/ws', { token: share.token }, guest);
    await eventually(() => expect(viewer.frames.map((f) => f.type)).toEqual(expect.arrayContaining(['status', 'resize'])));
    sendFrame(owner, '/api/v1/sessions/{id}/ws', { type: 'input', data: 'show ip bgp summary\r' });
    sendFrame(owner, '/api/v1/sessions/{id}/ws', { type: 'resize', cols: 100, rows: 30 });
    await eventually(() => expect(viewer.text()).toMatch(/show ip bgp summary/));
    await eventually(() => expect(owner.frames.some((f: any) => f.type === 'shares' && f.shares[0]?.viewer_count === 1)).toBe(true));

    await call('get', '/api/v1/sessions/{id}/shares', { token: engineer, params: { id } }, 200);
    await call('get', '/api/v1/sessions/{id}/shares', { token: engineer, params: { id }, query: { state: 'all' } }, 200);
    await call('get', '/api/v1/sessions/{id}/shares', { token: engineer, params: { id }, query: { state: 'gone' } }, 400);
    await call('get', '/api/v1/sessions/{id}/shares', { token: guest, params: { id } }, 403);
    await call('get', '/api/v1/shares', { token: tokens.noc_lead, query: { state: 'all' } }, 200);
    await call('get', '/api/v1/shares', { token: engineer }, 200);

    await call('get', '/api/v1/users', { token: admin }, 200);
    await call('post', '/api/v1/users', { token: admin, body: { email: 'admin@example.com', name: 'Again', password: 'long-enough-1', role: 'guest' } }, 409);
    await call('post', '/api/v1/users', { token: admin, body: { email: 'short@example.com', name: 'Short', password: 'short', role: 'guest' } }, 400);
    await call('post', '/api/v1/users', { token: admin, body: { email: 'new.user@example.com', name: 'New User', password: 'long-enough-1', role: 'engineer' } }, 201);

    await call('get', '/api/v1/audit', { token: tokens.noc_lead, query: { limit: '3' } }, 200);
    await call('get', '/api/v1/audit', { token: admin, query: { share_id: shareId, type: 'viewer.joined' } }, 200);
    await call('get', '/api/v1/audit', { token: admin, query: { cursor: 'abc' } }, 400);
    await call('get', '/api/v1/audit', { token: admin, query: { type: 'nonsense' } }, 400);
    await call('get', '/api/v1/audit/export', { token: admin, query: { format: 'csv' } }, 200);
    await call('get', '/api/v1/audit/export', { token: admin, query: { format: 'ndjson', session_id: id } }, 200);
    await call('get', '/api/v1/audit/verify', { token: admin }, 200);
    await call('get', '/api/v1/admin/instances', { token: tokens.noc_lead }, 200);
    await call('get', '/api/v1/admin/ssh-host-keys', { token: admin }, 200);
    await call('delete', '/api/v1/admin/ssh-host-keys/{hostKeyId}', { token: admin, params: { hostKeyId: 'hk_none' } }, 404);

    await call('delete', '/api/v1/sessions/{id}/shares/{shareId}', { token: engineer, params: { id, shareId } }, 200);
    await eventually(() => expect(viewer.closeCode).toBe(4410));
    await call('delete', '/api/v1/sessions/{id}/shares/{shareId}', { token: engineer, params: { id, shareId } }, 409);
    await call('get', '/api/v1/shared/{token}', { token: guest, params: { token: share.token } }, 410);
    await call('delete', '/api/v1/sessions/{id}', { token: engineer, params: { id } }, 200);
    await eventually(() => expect(owner.closeCode).not.toBeNull());
    const recordingId = recordingIdFor(id);
    await eventually(async () => expect((await call('get', '/api/v1/recordings/{recordingId}/timeline', { token: engineer, params: { recordingId } }, 200)).body.recording.ended_at).not.toBeNull());
    await call('get', '/api/v1/recordings', { token: engineer, query: { session_id: id, limit: '1' } }, 200);
    await call('get', '/api/v1/recordings', { token: tokens.noc_lead, query: { device: 'lab', from: '2000-01-01T00:00:00Z' } }, 200);
    await call('get', '/api/v1/recordings', { token: engineer, query: { cursor: 'bm9wZQ' } }, 400);
    await call('get', '/api/v1/recordings/{recordingId}', { token: engineer, params: { recordingId } }, 200);
    await call('get', '/api/v1/recordings/{recordingId}', { token: guest, params: { recordingId } }, 403);
    await call('get', '/api/v1/recordings/{recordingId}/chunks/{seq}', { token: engineer, params: { recordingId, seq: '0' } }, 200);
    await call('get', '/api/v1/recordings/{recordingId}/chunks/{seq}', { token: engineer, params: { recordingId, seq: '99999' } }, 404);
    await call('get', '/api/v1/recordings/{recordingId}/cast', { token: tokens.noc_lead, params: { recordingId }, query: { download: '1' } }, 200);
    await call('post', '/api/v1/sessions/{id}/share', { token: engineer, params: { id }, body: {} }, 409);

    checkFrames(owner, '/api/v1/sessions/{id}/ws');
    checkFrames(viewer, '/api/v1/sessions/shared/{token}/ws');
    const unknown = await api(bff.url, 'GET', '/api/v1/no-such-route', admin);
    expect(unknown.status).toBe(404);
    validate(ref('ErrorBody'), unknown.body, 'the body of an unknown route');
  });
});

// ---- the Express router, walked (Express 5: app.router.stack; layers of nested routers) ----

interface Layer {
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: unknown;
}

/** "GET /api/v1/sessions/{id}" for every method handler; `.all()` (the 405 answers) is left out. */
function mountedRoutes(stack: Layer[], prefix = ''): string[] {
  const found: string[] = [];
  for (const layer of stack) {
    const paths = [layer.route ? layer.route.path : layer.rawPath].flat();
    if (!layer.route && !Array.isArray(layer.handle?.stack)) continue;
    for (const path of paths) {
      if (typeof path !== 'string') throw new Error(`A route or router is mounted on ${String(path)}: give it a string path so the OpenAPI check can read it`);
      const full = joinPath(prefix, path);
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) if (method !== '_all') found.push(`${method.toUpperCase()} ${full.replace(/:(\w+)/g, '{$1}')}`);
      } else found.push(...mountedRoutes(layer.handle!.stack!, full));
    }
  }
  return [...new Set(found)];
}

function joinPath(prefix: string, path: string): string {
  const joined = `${prefix}/${path}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
  return joined === '' ? '/' : joined;
}

// ---- the document ----

function operations(): Operation[] {
  return Object.entries<Json>(doc.paths).flatMap(([path, item]) => Object.entries<Json>(item).map(([method, spec]) => ({ method, path, spec })));
}

const httpOperations = () => operations().filter((op) => !op.spec['x-websocket-frames']);
const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

/** A documented path with its parameters filled in (unknown ids where none are given). */
function fill(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? `nonexistent_${name}`));
}

/** Calls a documented operation and checks the answer against the document (and `expected`). */
async function call(method: string, template: string, o: { token: string | null; params?: Record<string, string>; query?: Record<string, string>; body?: unknown }, expected?: number): Promise<ApiResult> {
  const query = o.query ? `?${new URLSearchParams(o.query)}` : '';
  const r = await api(bff.url, method.toUpperCase(), fill(template, o.params) + query, o.token, o.body);
  const where = `${method.toUpperCase()} ${template}${query}`;
  if (expected !== undefined) expect(r.status, `${where}: ${JSON.stringify(r.body)}`).toBe(expected);
  const op = doc.paths[template]?.[method];
  expect(op, `${where} is not in the document`).toBeDefined();
  const answer = op.responses[String(r.status)];
  expect(answer, `${where} answered ${r.status} ${JSON.stringify(r.body)}, a status the document does not list`).toBeDefined();
  if (!answer.content) {
    expect(r.body, `${where} ${r.status} is documented without a body`).toBe('');
    return r;
  }
  const mediaType = (r.headers.get('content-type') ?? '').split(';')[0]!;
  const media = answer.content[mediaType];
  expect(media, `${where} ${r.status} answered ${mediaType}; documented: ${Object.keys(answer.content).join(', ')}`).toBeDefined();
  if (mediaType === 'application/json') validate(media.schema, r.body, `${where} ${r.status}`);
  if (media['x-ndjson-line']) {
    const lines = String(r.body).split('\n').filter(Boolean);
    expect(lines.length, `${where}: no lines to check`).toBeGreaterThan(0);
    for (const line of lines) validate(media['x-ndjson-line'], JSON.parse(line), `${where} line`);
  }
  return r;
}

function socket(template: string, params: Record<string, string>, token: string): WsClient {
  expect(doc.paths[template]?.get?.['x-websocket-frames'], `${template} is not a documented socket`).toBeDefined();
  return wsClient(bff.wsUrl + fill(template, params), { token });
}

function sendFrame(client: WsClient, template: string, frame: Json): void {
  const frames = doc.paths[template].get['x-websocket-frames'];
  validate(frames.client_to_server, frame, `a client frame of ${template}`);
  client.send(frame);
}

function checkFrames(client: WsClient, template: string): void {
  const frames = doc.paths[template].get['x-websocket-frames'];
  expect(client.frames.length).toBeGreaterThan(0);
  for (const frame of client.frames) validate(frames.server_to_client, frame, `a server frame of ${template}`);
  expect(Object.keys(frames.close_codes), `close code of ${template}`).toContain(String(client.closeCode));
}

// ---- JSON Schema validation (ajv, draft 2020-12, as OpenAPI 3.1 uses) ----

const ajv = new Ajv2020({ allErrors: true, validateFormats: false, allowUnionTypes: true });
const validators = new Map<string, ValidateFunction>();

/**
 * Validates against a schema of the document. The document leaves objects open (fields may be
 * added); here they are closed, so a field the server sends but the document does not name fails.
 */
function validate(schema: Json, value: unknown, where: string): void {
  const key = JSON.stringify(schema);
  let check = validators.get(key);
  if (!check) {
    const local = (node: Json) => closeObjects(JSON.parse(JSON.stringify(node).replaceAll('"#/components/schemas/', '"#/$defs/')));
    check = ajv.compile({ ...local(schema), $defs: local(doc.components.schemas) });
    validators.set(key, check);
  }
  if (check(value)) return;
  const problems = (check.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}${e.params.additionalProperty ? `: ${e.params.additionalProperty}` : ''}`);
  throw new Error(`${where} does not match the document:\n  ${[...new Set(problems)].join('\n  ')}\n${JSON.stringify(value).slice(0, 500)}`);
}

function closeObjects(node: any): any {
  if (Array.isArray(node)) node.forEach(closeObjects);
  else if (node && typeof node === 'object') {
    if (node.type === 'object' && node.properties && node.additionalProperties === undefined) node.additionalProperties = false;
    Object.values(node).forEach(closeObjects);
  }
  return node;
}

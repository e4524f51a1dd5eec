/**
 * DESIGN.md §15: the tamper-evident audit chain, end to end on SQLite and on PostgreSQL. Each run
 * gets a database of its own, so the tampering below never reaches another test's data.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditChainVerdict, AuditExportEvent } from '../protocol/index.js';
import { AuditLog } from './domain/audit.js';
import { GroupCommit } from './store/groupCommit.js';
import { type Db, openDb } from './store/db.js';
import { openStore, type Store } from './store/index.js';
import type { Database } from './store/schema.js';
import { api, createShare, createUser, eventually, openDemoSession, startBff, type TestBff, type WsClient, wsClient } from './testing/harness.js';
import { type PostgresServer, startPostgres } from './testing/services.js';

type Kind = 'sqlite' | 'postgres';
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

// ---- a database of its own per run ----

let postgres: PostgresServer | undefined;
let databaseCounter = 0;

interface TestDatabase {
  /** Environment for startBff: DATABASE_URL, or an empty one so a DATABASE_URL around does not apply. */
  env: Record<string, string>;
  options: { databaseUrl?: string; dataDir: string };
  open(): Promise<Db>;
  drop(): Promise<void>;
}

async function freshDatabase(kind: Kind): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ns-chain-'));
  if (kind === 'sqlite') {
    const options = { dataDir };
    return { env: { DATABASE_URL: '' }, options, open: () => openDb(options), drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  postgres ??= await startPostgres();
  const server = postgres.url;
  const name = `ns_chain_${process.pid}_${(databaseCounter += 1)}`;
  await adminQuery(server, `create database ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const options = { databaseUrl: url.toString(), dataDir };
  return {
    env: { DATABASE_URL: options.databaseUrl },
    options,
    open: () => openDb(options),
    drop: async () => {
      await adminQuery(server, `drop database if exists ${name} with (force)`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  await postgres?.close();
});

// ---- helpers ----

async function verify(bff: TestBff, token = bff.adminToken) {
  const r = await api(bff.url, 'GET', '/api/v1/audit/verify', token);
  expect(r.status).toBe(200);
  return AuditChainVerdict.parse(r.body);
}

async function exportNdjson(bff: TestBff): Promise<string> {
  const response = await fetch(`${bff.url}/api/v1/audit/export?format=ndjson`, { headers: { authorization: `Bearer ${bff.adminToken}` } });
  expect(response.status).toBe(200);
  return response.text();
}

/** Runs the offline verifier as its own process, through npm as a user would or straight through tsx. */
function runVerifier(args: string[], via: 'npm' | 'tsx' = 'tsx'): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child =
    via === 'npm'
      ? spawn('npm', ['run', '--silent', 'audit:verify', '--', ...args], { cwd: repoRoot })
      : spawn(process.execPath, ['--import', 'tsx', 'scripts/auditVerify.ts', ...args], { cwd: repoRoot });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

async function offlineVerdict(text: string, dir: string, via: 'npm' | 'tsx' = 'tsx') {
  const file = join(dir, `export-${(databaseCounter += 1)}.ndjson`);
  writeFileSync(file, text);
  const run = await runVerifier([file], via);
  return { code: run.code, verdict: AuditChainVerdict.parse(JSON.parse(run.stdout)) };
}

const chainedColumns = ['event_id', 'type', 'at', 'actor_user_id', 'actor_email', 'share_id', 'session_id', 'ip', 'user_agent', 'instance_id', 'details', 'prev_hash', 'hash'] as const;

async function rowAt(db: Kysely<Database>, seq: number) {
  return db.selectFrom('audit_events').selectAll().where('seq', '=', seq).executeTakeFirstOrThrow();
}

/** A value for `column` that differs from the stored one and fits the column. */
function tampered(row: Record<string, any>, column: (typeof chainedColumns)[number]): unknown {
  if (column === 'at') return row.at + 1;
  if (column === 'details') return JSON.stringify({ ...JSON.parse(row.details), tampered: true });
  if (column === 'prev_hash' || column === 'hash') return 'f'.repeat(64);
  return `${row[column] ?? ''}-edited`;
}

/** Moves the content of two rows between their seqs, and back when called again (event_id is unique). */
async function swapContent(db: Kysely<Database>, a: number, b: number): Promise<void> {
  const [rowA, rowB] = [await rowAt(db, a), await rowAt(db, b)];
  const content = ({ seq: _seq, ...rest }: typeof rowA) => rest;
  await db.updateTable('audit_events').set({ ...content(rowB), event_id: 'evt_swapping' }).where('seq', '=', a).execute();
  await db.updateTable('audit_events').set(content(rowA)).where('seq', '=', b).execute();
  await db.updateTable('audit_events').set({ event_id: rowB.event_id }).where('seq', '=', a).execute();
}

async function storedHead(db: Kysely<Database>) {
  const head = await db.selectFrom('audit_chain_head').selectAll().executeTakeFirstOrThrow();
  const count = Number((await db.selectFrom('audit_events').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { ...head, count };
}

describe.each<Kind>(['sqlite', 'postgres'])('§15 tamper-evident audit trail on %s', (kind) => {
  let database: TestDatabase;
  let db: Db;
  let bff: TestBff;
  let lead: Awaited<ReturnType<typeof createUser>>;
  const sockets: WsClient[] = [];
  let scratch: string;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'ns-chain-files-'));
    database = await freshDatabase(kind);
    bff = await startBff({ ...database.env, NS_INSTANCE_ID: `chain-${kind}-a` }, { dataDir: database.options.dataDir });
    db = await database.open();
    lead = await createUser(bff, 'noc_lead');
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await bff?.close();
    await db?.close();
    await database?.drop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('a chain written by concurrent joins, leaves and actions verifies, gapless up to the stored head', async () => {
    const owner = await createUser(bff, 'engineer');
    const viewer = await createUser(bff, 'guest');
    const { sessionId, owner: ownerSocket } = await openDemoSession(bff, owner.token);
    sockets.push(ownerSocket);
    const shares = await Promise.all([createShare(bff, owner.token, sessionId), createShare(bff, owner.token, sessionId)]);
    const viewers = Array.from({ length: 24 }, (_, i) => wsClient(shares[i % 2]!.websocket_url, { token: viewer.token, headers: { 'user-agent': `chain/${i}` } }));
    // Other writers at the same time as the join storm: new users, a refused login (whose
    // attempted email holds a lone surrogate), a third share.
    await Promise.all([
      ...Array.from({ length: 4 }, () => createUser(bff, 'engineer')),
      api(bff.url, 'POST', '/api/v1/auth/login', null, '{"email":"\\ud800@example.com","password":"wrong-password"}'),
      createShare(bff, owner.token, sessionId),
      eventually(() => expect(viewers.every((v) => v.frames.length >= 2)).toBe(true), 15_000),
    ]);
    for (const v of viewers) v.close();
    await eventually(async () => expect((await api(bff.url, 'GET', `/api/v1/audit?session_id=${sessionId}&type=viewer.left&limit=100`, lead.token)).body.events).toHaveLength(24), 15_000);

    const head = await storedHead(db.kysely);
    expect(await verify(bff, lead.token)).toEqual({ ok: true, events: head.count, head: head.head_hash });
    const seqs = (await db.kysely.selectFrom('audit_events').select('seq').orderBy('seq').execute()).map((r) => r.seq);
    expect(seqs).toEqual(Array.from({ length: head.count }, (_, i) => i + 1));
    expect(head.last_seq).toBe(head.count);
  });

  it('only admin and noc_lead may verify, and only with GET', async () => {
    const engineer = await createUser(bff, 'engineer');
    expect((await api(bff.url, 'GET', '/api/v1/audit/verify', engineer.token)).status).toBe(403);
    expect((await api(bff.url, 'GET', '/api/v1/audit/verify', null)).status).toBe(401);
    expect((await api(bff.url, 'POST', '/api/v1/audit/verify', bff.adminToken, {})).status).toBe(405);
  });

  it('editing any field of a stored event makes verify name that event (hash_mismatch)', async () => {
    const { count } = await storedHead(db.kysely);
    const seq = Math.ceil(count / 2);
    for (const column of chainedColumns) {
      const original = await rowAt(db.kysely, seq);
      const value = tampered(original, column);
      await db.kysely.updateTable('audit_events').set({ [column]: value } as any).where('seq', '=', seq).execute();
      const eventId = column === 'event_id' ? value : original.event_id;
      expect(await verify(bff), column).toEqual({ ok: false, events_checked: seq, first_bad_event_id: eventId, reason: 'hash_mismatch' });
      await db.kysely.updateTable('audit_events').set({ [column]: original[column] } as any).where('seq', '=', seq).execute();
    }
    expect(await verify(bff)).toMatchObject({ ok: true });
  });

  it('deleting an event breaks the link of the next one; deleting the last one leaves the head behind', async () => {
    const { count } = await storedHead(db.kysely);
    const seq = Math.ceil(count / 3);
    const [deleted, next, last] = [await rowAt(db.kysely, seq), await rowAt(db.kysely, seq + 1), await rowAt(db.kysely, count)];
    await db.kysely.deleteFrom('audit_events').where('seq', '=', seq).execute();
    expect(await verify(bff)).toEqual({ ok: false, events_checked: seq, first_bad_event_id: next.event_id, reason: 'broken_link' });
    await db.kysely.insertInto('audit_events').values(deleted).execute();

    await db.kysely.deleteFrom('audit_events').where('seq', '=', count).execute();
    expect(await verify(bff)).toEqual({ ok: false, events_checked: count - 1, first_bad_event_id: null, reason: 'head_mismatch' });
    await db.kysely.insertInto('audit_events').values(last).execute();
    expect(await verify(bff)).toMatchObject({ ok: true, events: count });
  });

  it('swapping two events between their places makes verify name the first of them', async () => {
    const { count } = await storedHead(db.kysely);
    const seq = Math.ceil(count / 4);
    const later = await rowAt(db.kysely, seq + 1);
    await swapContent(db.kysely, seq, seq + 1);
    // Each event's id is part of its hash, so the moved event no longer matches at its new place.
    expect(await verify(bff)).toEqual({ ok: false, events_checked: seq, first_bad_event_id: later.event_id, reason: 'hash_mismatch' });
    await swapContent(db.kysely, seq, seq + 1);
    expect(await verify(bff)).toMatchObject({ ok: true });
  });

  it('exports carry id, prev_hash and hash; the offline verifier agrees with the server, good or bad', async () => {
    const text = await exportNdjson(bff);
    const lines = text.trim().split('\n');
    const events = lines.map((line) => AuditExportEvent.parse(JSON.parse(line)));
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => events.length - i));
    const server = await verify(bff);
    expect(await offlineVerdict(text, scratch, 'npm')).toEqual({ code: 0, verdict: server });

    const csv = await (await fetch(`${bff.url}/api/v1/audit/export?format=csv`, { headers: { authorization: `Bearer ${bff.adminToken}` } })).text();
    const [header, newest] = csv.split('\r\n');
    expect(header).toBe('at,type,actor_email,actor_user_id,share_id,session_id,ip,user_agent,instance_id,event_id,details,id,prev_hash,hash');
    expect(newest!.endsWith(`,${events[0]!.id},${events[0]!.prev_hash},${events[0]!.hash}`)).toBe(true);

    // The same tampering, seen by the server and by the verifier of the export taken after it.
    const seq = Math.ceil(events.length / 2);
    const original = await rowAt(db.kysely, seq);
    await db.kysely.updateTable('audit_events').set({ ip: '203.0.113.66' }).where('seq', '=', seq).execute();
    const tamperedServer = await verify(bff);
    expect(tamperedServer).toMatchObject({ ok: false, first_bad_event_id: original.event_id, reason: 'hash_mismatch' });
    expect(await offlineVerdict(await exportNdjson(bff), scratch)).toEqual({ code: 1, verdict: tamperedServer });
    await db.kysely.updateTable('audit_events').set({ ip: original.ip }).where('seq', '=', seq).execute();
  });

  it('the offline verifier catches an edited, a deleted and a moved line of a good export', async () => {
    const lines = (await exportNdjson(bff)).trim().split('\n');
    const at = Math.floor(lines.length / 2);
    const victim = JSON.parse(lines[at]!);
    const edited = [...lines];
    edited[at] = JSON.stringify({ ...victim, actor_email: 'someone-else@example.com' });
    expect(await offlineVerdict(edited.join('\n'), scratch)).toEqual({
      code: 1,
      verdict: { ok: false, events_checked: victim.id, first_bad_event_id: victim.event_id, reason: 'hash_mismatch' },
    });

    const withoutLine = lines.filter((_, i) => i !== at);
    const newer = JSON.parse(lines[at - 1]!);
    expect(await offlineVerdict(withoutLine.join('\n'), scratch)).toMatchObject({ code: 1, verdict: { first_bad_event_id: newer.event_id, reason: 'broken_link' } });

    const moved = [...lines];
    [moved[at], moved[at + 1]] = [moved[at + 1]!, moved[at]!];
    expect(await offlineVerdict(moved.join('\n'), scratch)).toMatchObject({ code: 1, verdict: { ok: false, reason: 'broken_link' } });

    expect(await offlineVerdict(`${lines[0]}\nnot json\n`, scratch)).toMatchObject({ code: 1, verdict: { reason: 'malformed_line' } });
  });

  it('appends batched by one group commit extend the chain one link each, in a single transaction', async () => {
    const store = await openStore(database.options);
    let transactions = 0;
    const counting: Pick<Store, 'transaction'> = {
      transaction: (work) => {
        transactions += 1;
        return store.transaction(work);
      },
    };
    const audit = new AuditLog(store, `chain-${kind}-batch`, { now: () => Date.now() });
    const before = (await storedHead(db.kysely)).count;
    try {
      const group = new GroupCommit(counting, 256, 20);
      await Promise.all(Array.from({ length: 40 }, (_, i) => group.run((tx) => audit.record({ type: 'user.login', details: { i } }, tx))));
      expect(transactions).toBe(1);
      expect(await audit.verifyChain()).toMatchObject({ ok: true, events: before + 40 });
    } finally {
      await store.close();
    }
  });

  it.runIf(kind === 'postgres')('two instances appending to one PostgreSQL chain at once keep it intact', async () => {
    const secondDir = mkdtempSync(join(tmpdir(), 'ns-chain-b-'));
    const second = await startBff({ ...database.env, NS_INSTANCE_ID: `chain-${kind}-b` }, { dataDir: secondDir });
    try {
      await Promise.all([...Array.from({ length: 8 }, () => createUser(bff, 'guest')), ...Array.from({ length: 8 }, () => createUser(second, 'guest'))]);
      const head = await storedHead(db.kysely);
      expect(await verify(second)).toEqual({ ok: true, events: head.count, head: head.head_hash });
      const instances = await db.kysely.selectFrom('audit_events').select('instance_id').distinct().execute();
      expect(instances.map((r) => r.instance_id)).toEqual(expect.arrayContaining([`chain-${kind}-a`, `chain-${kind}-b`]));
    } finally {
      await second.close();
      rmSync(secondDir, { recursive: true, force: true });
    }
  });

  it('offline usage errors exit 2', async () => {
    expect((await runVerifier([])).code).toBe(2);
    expect((await runVerifier([join(scratch, 'missing.ndjson')])).code).toBe(2);
  });
});

describe.each<Kind>(['sqlite', 'postgres'])('§15 upgrading a %s database an older version wrote', (kind) => {
  it('chains every existing event in its order, renumbering the gaps away, and verifies', async () => {
    const database = await freshDatabase(kind);
    try {
      await writeAsOlderVersion(database, 2_500);
      const bff = await startBff(database.env, { dataDir: database.options.dataDir });
      try {
        const verdict = await verify(bff);
        const db = await database.open();
        try {
          const head = await storedHead(db.kysely);
          expect(verdict).toEqual({ ok: true, events: head.count, head: head.head_hash });
          const old = await db.kysely.selectFrom('audit_events').select(['seq', 'event_id', 'hash']).where('event_id', 'like', 'evt_old_%').orderBy('seq').execute();
          expect(old.map((r) => r.event_id)).toEqual(Array.from({ length: 2_500 }, (_, i) => `evt_old_${i}`));
          expect(old.map((r) => r.seq)).toEqual(Array.from({ length: 2_500 }, (_, i) => i + 1));
          expect(head.count).toBeGreaterThan(2_500); // and the new start's own events chained on
        } finally {
          await db.close();
        }
      } finally {
        await bff.close();
      }
    } finally {
      await database.drop();
    }
  }, 120_000);
});

/**
 * Leaves the database as the version before the chain left it: no chain columns, no head table,
 * migration 003 not applied, and events numbered by the database's own sequence, with gaps.
 */
async function writeAsOlderVersion(database: TestDatabase, events: number): Promise<void> {
  const db = await database.open();
  try {
    await sql`drop table audit_chain_head`.execute(db.kysely);
    await sql`alter table audit_events drop column prev_hash`.execute(db.kysely);
    await sql`alter table audit_events drop column hash`.execute(db.kysely);
    await sql`delete from schema_migrations where name = '003_audit_chain'`.execute(db.kysely);
    const rows = Array.from({ length: events }, (_, i) => ({
      seq: i < 1_000 ? i + 1 : i + 7,
      event_id: `evt_old_${i}`,
      type: 'user.login',
      at: Date.UTC(2025, 5, 1) + i * 1_000,
      actor_user_id: `usr_old_${i % 7}`,
      actor_email: `old${i % 7}@example.com`,
      share_id: null,
      session_id: null,
      ip: '198.51.100.7',
      user_agent: 'curl/8 "quoted", with commas',
      instance_id: 'ns-old',
      details: JSON.stringify({ z: i, a: { y: [1, 2], b: 'é' } }),
    }));
    for (let i = 0; i < rows.length; i += 200) await db.kysely.insertInto('audit_events').values(rows.slice(i, i + 200)).execute();
  } finally {
    await db.close();
  }
}

/** The store port (issue 10): repositories, and transactions that hand out the same repositories bound to them. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './index.js';

let dir: string;
let store: Store;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ns-store-'));
  store = await openStore({ dataDir: dir });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const user = (id: string) => ({ user_id: id, email: `${id}@example.com`, name: id, role: 'guest', password_hash: 'x', created_at: 1 });
const event = (id: string) => ({ event_id: id, type: 'user.created', at: 1, actor_user_id: null, actor_email: null, share_id: null, session_id: null, ip: null, user_agent: null, instance_id: 'i', details: '{}' });

describe('store.transaction', () => {
  it('commits what every repository wrote in it together', async () => {
    await store.transaction(async (tx) => {
      await tx.users.insert(user('usr_a'));
      await tx.audit.append(event('evt_a'));
    });
    expect(await store.users.byId('usr_a')).toBeDefined();
    expect((await store.audit.query({ limit: 10 })).map((r) => r.event_id)).toEqual(['evt_a']);
  });

  it('rolls back every repository when the work throws, and rethrows', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.users.insert(user('usr_b'));
        await tx.audit.append(event('evt_b'));
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await store.users.byId('usr_b')).toBeUndefined();
    expect(await store.audit.query({ limit: 10 })).toEqual([]);
    // The chain head did not move either: the next event is the first link.
    await store.audit.append(event('evt_c'));
    expect((await store.audit.query({ limit: 10 }))[0]!.seq).toBe(1);
  });

  it('reads its own writes inside the transaction before they are committed', async () => {
    await store.transaction(async (tx) => {
      await tx.users.insert(user('usr_c'));
      expect(await tx.users.byId('usr_c')).toBeDefined();
    });
  });
});

/** The store port (issue 10): repositories, and transactions that hand out the same repositories bound to them. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyChain, linkFromRow } from '../audit/chain.js';
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

  it('extends the chain one link per append in a transaction, and moves the stored head once to the last (DESIGN.md §15)', async () => {
    await store.audit.append(event('evt_0'));
    const heads = await store.transaction(async (tx) => {
      const moved = [await tx.audit.append(event('evt_1')), await tx.audit.append(event('evt_2')), await tx.audit.append(event('evt_3'))];
      // Inside the transaction its own appends are the head.
      expect(await tx.audit.chainHead()).toEqual(moved[2]);
      return moved;
    });
    expect(heads.map((h) => h.id)).toEqual([2, 3, 4]);
    expect(await store.audit.chainHead()).toEqual(heads[2]);
    const rows = (await store.audit.query({ limit: 10 })).reverse();
    expect(rows.map((r) => [r.seq, r.event_id])).toEqual([[1, 'evt_0'], [2, 'evt_1'], [3, 'evt_2'], [4, 'evt_3']]);
    expect(await verifyChain(rows.map(linkFromRow), heads[2])).toEqual({ ok: true, events: 4, head: heads[2]!.hash });
    // The next transaction starts from the stored head.
    await store.transaction((tx) => tx.audit.append(event('evt_4')));
    expect((await store.audit.chainHead()).id).toBe(5);
  });

  it('leaves the chain head alone in a transaction that appends nothing', async () => {
    const before = await store.audit.append(event('evt_0'));
    await store.transaction((tx) => tx.users.insert(user('usr_d')));
    expect(await store.audit.chainHead()).toEqual(before);
  });
});

/** DESIGN.md §15: canonical JSON, hashing and verification of the audit chain, without a store. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type ChainLink, canonicalEventJson, canonicalJson, chainHash, genesisHash, verifyChain } from './chain.js';

function event(id: number, overrides: Partial<ChainLink> = {}): Omit<ChainLink, 'prev_hash' | 'hash'> {
  return {
    id,
    event_id: `evt_${id}`,
    type: 'viewer.joined',
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, id)).toISOString(),
    actor_user_id: 'usr_1',
    actor_email: 'a@example.com',
    share_id: 'shr_1',
    session_id: 'sess_1',
    ip: '10.0.0.1',
    user_agent: 'test',
    instance_id: 'i1',
    details: { n: id },
    ...overrides,
  };
}

/** Links events in the order given, renumbering them 1, 2, 3, … as the store does. */
function chain(events: Array<Omit<ChainLink, 'prev_hash' | 'hash'>>): ChainLink[] {
  const out: ChainLink[] = [];
  for (const [i, e] of events.entries()) {
    const unhashed = { ...e, id: i + 1, prev_hash: out.at(-1)?.hash ?? genesisHash };
    out.push({ ...unhashed, hash: chainHash(unhashed) });
  }
  return out;
}

const fiveEvents = () => chain([1, 2, 3, 4, 5].map((id) => event(id)));

/** Both orders must give the same verdict: the database walks oldest first, exports list newest first. */
async function verifyBothWays(links: ChainLink[]) {
  const ascending = await verifyChain(links);
  expect(await verifyChain([...links].reverse())).toEqual(ascending);
  return ascending;
}

describe('§15 canonical JSON', () => {
  it('sorts object keys at every depth, keeps array order and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null }, u: undefined })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
    expect(canonicalJson('é"\n')).toBe(JSON.stringify('é"\n'));
  });

  it('writes an event in the fixed field order with prev_hash and without hash, whatever order it came in', () => {
    const e = { ...event(7, { details: { z: { b: 2, a: 1 }, a: [2, 1] } }), prev_hash: genesisHash };
    const shuffled = Object.fromEntries(Object.entries(e).reverse()) as typeof e;
    const text = canonicalEventJson(shuffled);
    expect(text).toBe(
      '{"id":7,"event_id":"evt_7","type":"viewer.joined","at":"2026-01-01T00:00:07.000Z","actor_user_id":"usr_1",' +
        '"actor_email":"a@example.com","share_id":"shr_1","session_id":"sess_1","ip":"10.0.0.1","user_agent":"test",' +
        `"instance_id":"i1","details":{"a":[2,1],"z":{"a":1,"b":2}},"prev_hash":"${genesisHash}"}`,
    );
    expect(canonicalEventJson({ ...shuffled, hash: 'ignored' } as ChainLink)).toBe(text);
    expect(chainHash(e)).toBe(createHash('sha256').update(text).digest('hex'));
    expect(chainHash({ ...e, ip: null })).not.toBe(chainHash(e));
  });
});

describe('§15 chain verification', () => {
  it('accepts an intact chain oldest or newest first, and an empty one, naming the head', async () => {
    const links = fiveEvents();
    expect(await verifyBothWays(links)).toEqual({ ok: true, events: 5, head: links[4]!.hash });
    expect(await verifyChain([])).toEqual({ ok: true, events: 0, head: genesisHash });
    expect(await verifyChain([], { id: 0, hash: genesisHash })).toMatchObject({ ok: true });
    expect(await verifyBothWays(links.slice(0, 1))).toMatchObject({ ok: true, events: 1 });
  });

  it('reports an edited field as hash_mismatch at that event', async () => {
    for (const field of ['event_id', 'type', 'at', 'actor_email', 'ip', 'details', 'prev_hash', 'hash'] as const) {
      const links = fiveEvents();
      const value = field === 'details' ? { n: 99 } : field === 'at' ? new Date(0).toISOString() : 'f'.repeat(64);
      links[2] = { ...links[2]!, [field]: value };
      expect(await verifyBothWays(links)).toEqual({ ok: false, events_checked: 3, first_bad_event_id: links[2]!.event_id, reason: 'hash_mismatch' });
    }
  });

  it('reports a deleted or moved event as broken_link at the first event that no longer links', async () => {
    const links = fiveEvents();
    expect(await verifyBothWays([links[0]!, links[1]!, links[3]!, links[4]!])).toEqual({ ok: false, events_checked: 3, first_bad_event_id: 'evt_4', reason: 'broken_link' });
    expect(await verifyBothWays(links.slice(1))).toEqual({ ok: false, events_checked: 1, first_bad_event_id: 'evt_2', reason: 'broken_link' });
    expect(await verifyChain([links[0]!, links[2]!, links[1]!, links[3]!, links[4]!])).toEqual({ ok: false, events_checked: 2, first_bad_event_id: 'evt_3', reason: 'broken_link' });
  });

  it('reports seq_gap when an event was deleted and the rest re-hashed to hide it', async () => {
    const links = fiveEvents();
    const rehashed: ChainLink[] = [links[0]!, links[1]!];
    for (const original of links.slice(3)) {
      const unhashed = { ...original, prev_hash: rehashed.at(-1)!.hash };
      rehashed.push({ ...unhashed, hash: chainHash(unhashed) });
    }
    expect(await verifyBothWays(rehashed)).toEqual({ ok: false, events_checked: 3, first_bad_event_id: 'evt_4', reason: 'seq_gap' });
  });

  it('names the oldest bad event when there are several', async () => {
    const links = fiveEvents();
    links[3] = { ...links[3]!, ip: 'x' };
    links[1] = { ...links[1]!, ip: 'y' };
    expect(await verifyBothWays(links)).toMatchObject({ events_checked: 2, first_bad_event_id: 'evt_2', reason: 'hash_mismatch' });
  });

  it('reports head_mismatch when events were cut off the end of the stored chain', async () => {
    const links = fiveEvents();
    const head = { id: 5, hash: links[4]!.hash };
    expect(await verifyChain(links, head)).toMatchObject({ ok: true });
    expect(await verifyChain(links.slice(0, 4), head)).toEqual({ ok: false, events_checked: 4, first_bad_event_id: null, reason: 'head_mismatch' });
  });

  it('reads async iterables and stops at the first fault when oldest first', async () => {
    const links = fiveEvents();
    links[1] = { ...links[1]!, ip: 'edited' };
    let pulled = 0;
    async function* source() {
      for (const link of links) {
        pulled += 1;
        yield link;
      }
    }
    expect(await verifyChain(source())).toMatchObject({ ok: false, first_bad_event_id: 'evt_2' });
    expect(pulled).toBe(2);
  });
});

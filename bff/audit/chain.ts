/**
 * The tamper-evident audit chain (DESIGN.md §15). Each event's `hash` is the SHA-256 of its
 * canonical JSON, which includes the previous event's hash, so editing, deleting or moving any
 * event breaks every link after it. The server (append, GET /audit/verify) and the offline
 * `npm run audit:verify` share this file, which is why it needs nothing but node:crypto.
 */
import { createHash } from 'node:crypto';
import type { AuditChainFault, AuditChainVerdict, AuditExportEvent } from '../../protocol/index.js';
import { iso } from '../clock.js';
import type { AuditRow } from '../store/audit.js';

/** The `prev_hash` of the first event of a chain. */
export const genesisHash = '0'.repeat(64);

/**
 * The fields a hash covers, in their fixed order. Changing this list or its order changes every
 * hash ever written: it is part of the export format, not an implementation detail.
 */
const chainedFields = ['id', 'event_id', 'type', 'at', 'actor_user_id', 'actor_email', 'share_id', 'session_id', 'ip', 'user_agent', 'instance_id', 'details', 'prev_hash'] as const;

/** An exported event, with `type` left open so an older verifier still checks newer event types. */
export type ChainLink = Omit<AuditExportEvent, 'type'> & { type: string };

/** Where a chain ends: the last event's id (0 when empty) and hash. */
export interface ChainHead {
  id: number;
  hash: string;
}

/**
 * JSON with object keys sorted (by UTF-16 code units, as Array#sort does) at every depth; arrays
 * keep their order. Keys holding `undefined` are left out, as JSON.stringify leaves them out.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    const members = Object.keys(object)
      .filter((key) => object[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The exact text an event's hash is taken over: its chained fields in their fixed order. */
export function canonicalEventJson(link: Omit<ChainLink, 'hash'>): string {
  return `{${chainedFields.map((field) => `"${field}":${canonicalJson(link[field])}`).join(',')}}`;
}

export function chainHash(link: Omit<ChainLink, 'hash'>): string {
  return createHash('sha256').update(canonicalEventJson(link), 'utf8').digest('hex');
}

/**
 * A stored row as it is exported and hashed. Both the append path and the exports go through
 * here, so what the server hashed is byte for byte what an offline verifier reads.
 */
export function linkFromRow(row: AuditRow): AuditExportEvent {
  return {
    id: row.seq,
    event_id: row.event_id,
    type: row.type as AuditExportEvent['type'],
    at: iso(row.at),
    actor_user_id: row.actor_user_id,
    actor_email: row.actor_email,
    share_id: row.share_id,
    session_id: row.session_id,
    ip: row.ip,
    user_agent: row.user_agent,
    instance_id: row.instance_id,
    details: JSON.parse(row.details) as Record<string, unknown>,
    // Rows written by a version without the chain have none; they then fail as hash_mismatch.
    prev_hash: row.prev_hash ?? '',
    hash: row.hash ?? '',
  };
}

/** A link fault between an event and the one before it (null: the event should start the chain). */
function linkFault(older: ChainLink | null, newer: ChainLink): AuditChainFault | null {
  if (newer.prev_hash !== (older?.hash ?? genesisHash)) return 'broken_link';
  if (newer.id !== (older?.id ?? 0) + 1) return 'seq_gap';
  return null;
}

/** When one event has several faults, the most telling one is reported. */
const faultRank: Record<AuditChainFault, number> = { hash_mismatch: 0, broken_link: 1, seq_gap: 2, head_mismatch: 3, malformed_line: 4 };

interface Finding {
  /** Arrival index of the event the fault belongs to. */
  index: number;
  eventId: string;
  reason: AuditChainFault;
}

/**
 * Checks a chain fed one event at a time, in memory bounded by two events. Events may come
 * oldest first (the database walk) or newest first (the exports, which list newest first);
 * either way the verdict names the oldest bad event, so the server and an offline check of its
 * export agree. Oldest first, it can stop at the first fault; newest first, it reads to the end.
 */
export class ChainChecker {
  private count = 0;
  private first: ChainLink | null = null;
  private previous: ChainLink | null = null;
  private descending = false;
  private finding: Finding | null = null;

  /** How many events were fed. */
  get checked(): number {
    return this.count;
  }

  /** Feeds the next event in file order; false once later events cannot change the verdict. */
  add(link: ChainLink): boolean {
    const index = this.count++;
    const previous = this.previous;
    this.previous = link;
    // The direction is known from the second event on; the first one's start-of-chain check waits for it.
    if (previous === null) this.first = link;
    else if (index === 1) this.descending = link.id < previous.id;
    if (chainHash(link) !== link.hash) this.note(index, link, 'hash_mismatch');
    if (previous === null) return true;
    if (this.descending) this.noteLink(index - 1, link, previous);
    else {
      if (index === 1) this.noteLink(0, null, previous);
      this.noteLink(index, previous, link);
    }
    return this.descending || this.finding === null;
  }

  /** The verdict; `head` (from the database) also catches events cut off the end. */
  verdict(head?: ChainHead): AuditChainVerdict {
    const oldest = this.descending ? this.previous : this.first;
    if (oldest && (this.descending || this.count === 1)) this.noteLink(this.descending ? this.count - 1 : 0, null, oldest);
    if (this.finding) {
      const position = this.descending ? this.count - this.finding.index : this.finding.index + 1;
      return { ok: false, events_checked: position, first_bad_event_id: this.finding.eventId, reason: this.finding.reason };
    }
    const newest = this.descending ? this.first : this.previous;
    const end: ChainHead = { id: newest?.id ?? 0, hash: newest?.hash ?? genesisHash };
    if (head && (head.id !== end.id || head.hash !== end.hash)) {
      return { ok: false, events_checked: this.count, first_bad_event_id: null, reason: 'head_mismatch' };
    }
    return { ok: true, events: this.count, head: end.hash };
  }

  private noteLink(index: number, older: ChainLink | null, newer: ChainLink): void {
    const fault = linkFault(older, newer);
    if (fault) this.note(index, newer, fault);
  }

  /** Keeps the fault of the oldest event, and of one event the most telling fault. */
  private note(index: number, link: ChainLink, reason: AuditChainFault): void {
    const current = this.finding;
    const older = current && (this.descending ? index > current.index : index < current.index);
    const same = current && index === current.index && faultRank[reason] < faultRank[current.reason];
    if (!current || older || same) this.finding = { index, eventId: link.event_id, reason };
  }
}

/** Verifies a whole chain from any (async) iterable of events, oldest or newest first. */
export async function verifyChain(links: Iterable<ChainLink> | AsyncIterable<ChainLink>, head?: ChainHead): Promise<AuditChainVerdict> {
  const checker = new ChainChecker();
  for await (const link of links) if (!checker.add(link)) break;
  return checker.verdict(head);
}

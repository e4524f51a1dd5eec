/**
 * HA instance registry in Valkey: each instance writes its record with a TTL on every heartbeat,
 * so it re-registers by itself after a Valkey restart. Survivors watch for instances that still
 * own viewer connections or sessions in the store but stopped heartbeating, and close them out.
 */
import type { Logger } from 'pino';
import type { Instance } from '../../protocol/index.js';
import { iso } from '../clock.js';
import { channels, type ValkeyBroker } from './valkey.js';

export const heartbeatMs = 2_000;
export const registrationTtlMs = 10_000;
/** How long an instance must stay unregistered (while we are connected) to count as lost. */
export const lostAfterMs = 10_000;

interface Registration {
  instance_id: string;
  url: string;
  registered_at: number;
  last_heartbeat: number;
  sessions_hosted: number;
  viewers_connected: number;
}

export interface RegistryDeps {
  broker: ValkeyBroker;
  logger: Logger;
  instanceId: string;
  url: () => string;
  stats: () => { sessionsHosted: number; viewersConnected: number };
  /** Instance ids the store says own open viewers or active sessions. */
  instancesInStore: () => Promise<string[]>;
  closeOut: (instanceId: string) => Promise<void>;
}

export class InstanceRegistry {
  private readonly registeredAt = Date.now();
  private lastRegisteredOk = 0;
  private readonly missingSince = new Map<string, number>();
  /** The last registration seen of each instance, to describe it once it is lost. */
  private readonly lastSeen = new Map<string, Registration>();
  private timers: NodeJS.Timeout[] = [];

  constructor(private readonly d: RegistryDeps) {}

  start(): void {
    void this.heartbeat();
    this.timers.push(setInterval(() => void this.heartbeat(), heartbeatMs));
    this.timers.push(setInterval(() => void this.watchForLost().catch((err) => this.d.logger.warn({ err }, 'lost-instance check failed')), 3_000));
    for (const t of this.timers) t.unref();
  }

  stop(): Promise<unknown> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    return this.d.broker.pub.del(channels.instanceKey(this.d.instanceId)).catch(() => {});
  }

  /** Registered now: the last heartbeat landed within the TTL. */
  isRegistered(): boolean {
    return Date.now() - this.lastRegisteredOk < registrationTtlMs && this.d.broker.state() === 'connected';
  }

  async list(): Promise<Instance[]> {
    const up = (await this.values(channels.instancePattern)).map((v) => JSON.parse(v) as Registration);
    const lost = (await this.values(channels.lostPattern)).map((v) => JSON.parse(v) as { instance_id: string; lost_at: number; last: Registration | null });
    const rows: Instance[] = up.map((r) => ({
      instance_id: r.instance_id,
      url: r.url,
      registered_at: iso(r.registered_at),
      last_heartbeat: iso(r.last_heartbeat),
      sessions_hosted: r.sessions_hosted,
      viewers_connected: r.viewers_connected,
      status: 'up',
    }));
    for (const l of lost) {
      if (up.some((r) => r.instance_id === l.instance_id)) continue;
      rows.push({
        instance_id: l.instance_id,
        url: l.last?.url ?? '',
        registered_at: iso(l.last?.registered_at ?? l.lost_at),
        last_heartbeat: iso(l.last?.last_heartbeat ?? l.lost_at),
        sessions_hosted: 0,
        viewers_connected: 0,
        status: 'lost',
      });
    }
    return rows.sort((a, b) => a.instance_id.localeCompare(b.instance_id));
  }

  private async values(pattern: string): Promise<string[]> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.d.broker.pub.scan(cursor, 'MATCH', pattern, 'COUNT', 100);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    const values = keys.length > 0 ? await this.d.broker.pub.mget(...keys) : [];
    return values.filter((v): v is string => v !== null);
  }

  private async heartbeat(): Promise<void> {
    if (this.d.broker.state() !== 'connected') return;
    const stats = this.d.stats();
    const record: Registration = {
      instance_id: this.d.instanceId,
      url: this.d.url(),
      registered_at: this.registeredAt,
      last_heartbeat: Date.now(),
      sessions_hosted: stats.sessionsHosted,
      viewers_connected: stats.viewersConnected,
    };
    try {
      await this.d.broker.pub.set(channels.instanceKey(this.d.instanceId), JSON.stringify(record), 'PX', registrationTtlMs);
      if (this.lastRegisteredOk === 0 || Date.now() - this.lastRegisteredOk > registrationTtlMs) {
        this.d.logger.info({ instanceId: this.d.instanceId }, 'registered with the broker');
      }
      this.lastRegisteredOk = Date.now();
    } catch (err) {
      this.d.logger.debug({ err }, 'heartbeat failed');
    }
  }

  /**
   * An instance is lost when it owns rows in the store but has been absent from the registry for
   * `lostAfterMs` while we were registered ourselves (so a Valkey restart, which wipes every
   * registration for a moment, never looks like a crash).
   */
  private async watchForLost(): Promise<void> {
    const now = Date.now();
    if (!this.isRegistered()) {
      this.missingSince.clear();
      return;
    }
    const current = (await this.values(channels.instancePattern)).map((v) => JSON.parse(v) as Registration);
    for (const r of current) this.lastSeen.set(r.instance_id, r);
    const registered = new Set(current.map((r) => r.instance_id));
    for (const id of await this.d.instancesInStore()) {
      if (id === this.d.instanceId || registered.has(id)) {
        this.missingSince.delete(id);
        continue;
      }
      const since = this.missingSince.get(id) ?? now;
      this.missingSince.set(id, since);
      if (now - since >= lostAfterMs) {
        this.d.logger.warn({ instanceId: id }, 'instance lost: closing out its viewers and sessions');
        // Visible to every instance's admin view for a day, from the moment it is known.
        const record = { instance_id: id, lost_at: now, last: this.lastSeen.get(id) ?? null };
        await this.d.broker.pub.set(channels.lostKey(id), JSON.stringify(record), 'EX', 86_400).catch(() => {});
        await this.d.closeOut(id);
        this.missingSince.delete(id);
      }
    }
  }
}

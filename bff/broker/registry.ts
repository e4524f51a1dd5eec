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
  private readonly lost = new Map<string, number>();
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
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.d.broker.pub.scan(cursor, 'MATCH', channels.instancePattern, 'COUNT', 100);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    const values = keys.length > 0 ? await this.d.broker.pub.mget(...keys) : [];
    const up = values.filter((v): v is string => v !== null).map((v) => JSON.parse(v) as Registration);
    const rows: Instance[] = up.map((r) => ({
      instance_id: r.instance_id,
      url: r.url,
      registered_at: iso(r.registered_at),
      last_heartbeat: iso(r.last_heartbeat),
      sessions_hosted: r.sessions_hosted,
      viewers_connected: r.viewers_connected,
      status: 'up',
    }));
    for (const [id, at] of this.lost) {
      if (!up.some((r) => r.instance_id === id)) {
        rows.push({ instance_id: id, url: '', registered_at: iso(at), last_heartbeat: iso(at), sessions_hosted: 0, viewers_connected: 0, status: 'lost' });
      }
    }
    return rows.sort((a, b) => a.instance_id.localeCompare(b.instance_id));
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
    const registered = new Set((await this.list()).filter((i) => i.status === 'up').map((i) => i.instance_id));
    for (const id of await this.d.instancesInStore()) {
      if (id === this.d.instanceId || registered.has(id)) {
        this.missingSince.delete(id);
        continue;
      }
      const since = this.missingSince.get(id) ?? now;
      this.missingSince.set(id, since);
      if (now - since >= lostAfterMs) {
        this.d.logger.warn({ instanceId: id }, 'instance lost: closing out its viewers and sessions');
        await this.d.closeOut(id);
        this.missingSince.delete(id);
        this.lost.set(id, now);
      }
    }
  }
}

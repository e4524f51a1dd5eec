/**
 * The HA broker on Valkey (or Redis 7) pub/sub. Separate publish and subscribe connections;
 * channel names built in one place under one prefix; every message tagged with the sending
 * instance, which delivers to its own subscribers directly and ignores its echo from Valkey,
 * so nothing is relayed twice. ioredis reconnects and resubscribes by itself after a Valkey
 * restart; the offline queue is off so frames published during an outage are dropped (and
 * reported to viewers as a seq gap) instead of piling up in memory.
 */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { ControlEventSchema, InstanceMessageSchema, OwnerCommandSchema, parseMessage, SessionMessageSchema } from './messages.js';
import type { Broker, BrokerState, ControlEvent, Disposer, InstanceMessage, OwnerCommand, SessionMessage } from './types.js';

const prefix = 'ns:';

/** Every channel and key name, under the one prefix. */
export const channels = {
  frames: (sessionId: string) => `${prefix}frames:${sessionId}`,
  commands: (sessionId: string) => `${prefix}cmd:${sessionId}`,
  control: `${prefix}control`,
  direct: (instanceId: string) => `${prefix}to:${instanceId}`,
  instanceKey: (instanceId: string) => `${prefix}instance:${instanceId}`,
  instancePattern: `${prefix}instance:*`,
  lostKey: (instanceId: string) => `${prefix}lost:${instanceId}`,
  lostPattern: `${prefix}lost:*`,
} as const;

/** A channel's subscribers, with the schema that checks what other instances send on it. */
interface Channel {
  schema: z.ZodType<unknown>;
  handlers: Set<(message: unknown, publishedAt: number) => void>;
}

export class ValkeyBroker implements Broker {
  readonly kind = 'valkey' as const;
  readonly pub: Redis;
  private readonly sub: Redis;
  private readonly channels = new Map<string, Channel>();
  private readonly disposers: Disposer[] = [];
  private connected = false;
  /** Called with (now - publishedAt) in ms for every frame received from another instance. */
  onRemoteFrameLatency: (ms: number) => void = () => {};
  onStateChange: (state: BrokerState) => void = () => {};

  constructor(
    url: string,
    private readonly instanceId: string,
    private readonly logger: Logger,
  ) {
    const options = {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt: number) => Math.min(200 * attempt, 2_000),
    };
    this.pub = new Redis(url, { ...options, connectionName: `ns-pub-${instanceId}` });
    this.sub = new Redis(url, { ...options, connectionName: `ns-sub-${instanceId}`, autoResubscribe: true });
    for (const connection of [this.pub, this.sub]) {
      connection.on('error', (err: Error) => this.logger.debug({ err: err.message }, 'valkey connection error'));
      connection.on('ready', () => this.updateState());
      connection.on('close', () => this.updateState());
      connection.on('reconnecting', () => this.updateState());
    }
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.receive(channel.toString(), message.toString()));
  }

  async connect(): Promise<void> {
    await Promise.all([this.pub.connect(), this.sub.connect()]);
    this.updateState();
  }

  state(): BrokerState {
    if (this.pub.status === 'ready' && this.sub.status === 'ready') return 'connected';
    return this.pub.status === 'end' ? 'down' : 'reconnecting';
  }

  publishSession(sessionId: string, message: SessionMessage): void {
    // Delivered here as the object itself; only the copy for other instances is serialised.
    this.deliverLocal(channels.frames(sessionId), message, 0);
    this.publishRemote(channels.frames(sessionId), JSON.stringify(message));
  }

  subscribeSession(sessionId: string, handler: (message: SessionMessage) => void): Disposer {
    return this.subscribe(channels.frames(sessionId), SessionMessageSchema, (message, publishedAt) => {
      if (publishedAt > 0) this.onRemoteFrameLatency(Date.now() - publishedAt);
      handler(message);
    });
  }

  publishToInstance(instanceId: string, message: InstanceMessage): void {
    if (instanceId === this.instanceId) return this.deliverLocal(channels.direct(instanceId), message, 0);
    this.publishRemote(channels.direct(instanceId), JSON.stringify(message));
  }

  subscribeInstance(handler: (message: InstanceMessage) => void): Disposer {
    return this.subscribe(channels.direct(this.instanceId), InstanceMessageSchema, handler);
  }

  publishOwnerCommand(sessionId: string, command: OwnerCommand): void {
    this.deliverLocal(channels.commands(sessionId), command, 0);
    this.publishRemote(channels.commands(sessionId), JSON.stringify(command));
  }

  subscribeOwnerCommands(sessionId: string, handler: (command: OwnerCommand) => void): Disposer {
    return this.subscribe(channels.commands(sessionId), OwnerCommandSchema, handler);
  }

  publishControl(event: ControlEvent): void {
    queueMicrotask(() => this.deliverLocal(channels.control, event, 0));
    this.publishRemote(channels.control, JSON.stringify(event));
  }

  subscribeControl(handler: (event: ControlEvent) => void): Disposer {
    return this.subscribe(channels.control, ControlEventSchema, handler);
  }

  async close(): Promise<void> {
    this.channels.clear();
    for (const dispose of this.disposers.splice(0)) dispose();
    this.pub.disconnect();
    this.sub.disconnect();
  }

  private subscribe<T>(name: string, schema: z.ZodType<T>, handler: (message: T, publishedAt: number) => void): Disposer {
    let channel = this.channels.get(name);
    if (!channel) {
      const created: Channel = { schema, handlers: new Set() };
      this.channels.set(name, (channel = created));
      this.sub.subscribe(name).catch(() => {
        // Not connected: ioredis subscribes again on reconnect (autoResubscribe) only for
        // channels it knows, so retry once the connection is back.
        const retry = () => this.channels.get(name) === created && void this.sub.subscribe(name).catch(() => {});
        this.sub.once('ready', retry);
        this.disposers.push(() => this.sub.off('ready', retry));
      });
    }
    const entry = handler as (message: unknown, publishedAt: number) => void;
    const { handlers } = channel;
    handlers.add(entry);
    return () => {
      handlers.delete(entry);
      if (handlers.size === 0 && this.channels.get(name)?.handlers === handlers) {
        this.channels.delete(name);
        void this.sub.unsubscribe(name).catch(() => {});
      }
    };
  }

  private deliverLocal(name: string, message: unknown, publishedAt: number): void {
    const channel = this.channels.get(name);
    if (!channel) return;
    for (const handler of [...channel.handlers]) handler(message, publishedAt);
  }

  private publishRemote(name: string, payload: string): void {
    if (this.pub.status !== 'ready') return;
    this.pub.publish(name, `${this.instanceId}\n${Date.now()}\n${payload}`).catch(() => {});
  }

  private receive(name: string, raw: string): void {
    const first = raw.indexOf('\n');
    const second = raw.indexOf('\n', first + 1);
    if (first < 0 || second < 0) return;
    if (raw.slice(0, first) === this.instanceId) return; // our own echo: delivered locally already
    const channel = this.channels.get(name);
    if (!channel) return;
    const message = parseMessage(channel.schema, raw.slice(second + 1));
    if (message === null) return this.logger.warn({ channel: name }, 'dropped a malformed broker message');
    this.deliverLocal(name, message, Number(raw.slice(first + 1, second)));
  }

  private updateState(): void {
    const now = this.state() === 'connected';
    if (now !== this.connected) {
      this.connected = now;
      this.logger.info({ state: this.state() }, 'valkey broker state changed');
    }
    this.onStateChange(this.state());
  }
}

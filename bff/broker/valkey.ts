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
import type { Broker, BrokerState, ControlEvent, Disposer, OwnerCommand, SessionFrame } from './types.js';

export const channels = {
  prefix: 'ns:',
  frames: (sessionId: string) => `ns:frames:${sessionId}`,
  commands: (sessionId: string) => `ns:cmd:${sessionId}`,
  control: 'ns:control',
  instanceKey: (instanceId: string) => `ns:instance:${instanceId}`,
  instancePattern: 'ns:instance:*',
  lostKey: (instanceId: string) => `ns:lost:${instanceId}`,
  lostPattern: 'ns:lost:*',
} as const;

type Handler = (payload: string, publishedAt: number) => void;

export class ValkeyBroker implements Broker {
  readonly kind = 'valkey' as const;
  readonly pub: Redis;
  private readonly sub: Redis;
  private readonly handlers = new Map<string, Set<Handler>>();
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

  publishFrame(sessionId: string, frame: SessionFrame): void {
    const payload = `${frame.seq ?? '-'}\n${frame.replayFor ?? ''}\n${frame.json}`;
    this.deliverLocal(channels.frames(sessionId), payload, 0);
    this.publishRemote(channels.frames(sessionId), payload);
  }

  subscribeFrames(sessionId: string, handler: (frame: SessionFrame) => void): Disposer {
    return this.subscribe(channels.frames(sessionId), (payload, publishedAt) => {
      const first = payload.indexOf('\n');
      const second = payload.indexOf('\n', first + 1);
      const seq = payload.slice(0, first);
      const replayFor = payload.slice(first + 1, second);
      if (publishedAt > 0) this.onRemoteFrameLatency(Date.now() - publishedAt);
      handler({ seq: seq === '-' ? null : Number(seq), json: payload.slice(second + 1), ...(replayFor ? { replayFor } : {}) });
    });
  }

  publishOwnerCommand(sessionId: string, command: OwnerCommand): void {
    const payload = JSON.stringify(command);
    this.deliverLocal(channels.commands(sessionId), payload, 0);
    this.publishRemote(channels.commands(sessionId), payload);
  }

  subscribeOwnerCommands(sessionId: string, handler: (command: OwnerCommand) => void): Disposer {
    return this.subscribe(channels.commands(sessionId), (payload) => handler(JSON.parse(payload) as OwnerCommand));
  }

  publishControl(event: ControlEvent): void {
    const payload = JSON.stringify(event);
    queueMicrotask(() => this.deliverLocal(channels.control, payload, 0));
    this.publishRemote(channels.control, payload);
  }

  subscribeControl(handler: (event: ControlEvent) => void): Disposer {
    return this.subscribe(channels.control, (payload) => handler(JSON.parse(payload) as ControlEvent));
  }

  async close(): Promise<void> {
    this.handlers.clear();
    this.pub.disconnect();
    this.sub.disconnect();
  }

  private subscribe(channel: string, handler: Handler): Disposer {
    let set = this.handlers.get(channel);
    if (!set) {
      this.handlers.set(channel, (set = new Set()));
      this.sub.subscribe(channel).catch(() => {
        // Not connected: ioredis subscribes again on reconnect (autoResubscribe) only for
        // channels it knows, so remember to retry once the connection is back.
        this.sub.once('ready', () => this.handlers.has(channel) && void this.sub.subscribe(channel).catch(() => {}));
      });
    }
    set.add(handler);
    return () => {
      set.delete(handler);
      if (set.size === 0 && this.handlers.get(channel) === set) {
        this.handlers.delete(channel);
        void this.sub.unsubscribe(channel).catch(() => {});
      }
    };
  }

  private deliverLocal(channel: string, payload: string, publishedAt: number): void {
    const set = this.handlers.get(channel);
    if (!set) return;
    for (const handler of [...set]) handler(payload, publishedAt);
  }

  private publishRemote(channel: string, payload: string): void {
    if (this.pub.status !== 'ready') return;
    this.pub.publish(channel, `${this.instanceId}\n${Date.now()}\n${payload}`).catch(() => {});
  }

  private receive(channel: string, message: string): void {
    const first = message.indexOf('\n');
    const second = message.indexOf('\n', first + 1);
    if (first < 0 || second < 0) return;
    if (message.slice(0, first) === this.instanceId) return; // our own echo: delivered locally already
    this.deliverLocal(channel, message.slice(second + 1), Number(message.slice(first + 1, second)));
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

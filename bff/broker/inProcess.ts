/** The single-instance broker: synchronous fan-out to in-process subscribers, nothing serialised. */
import type { Broker, ControlEvent, Disposer, InstanceMessage, OwnerCommand, SessionMessage } from './types.js';

class Topic<T> {
  private readonly handlers = new Map<string, Set<(value: T) => void>>();

  subscribe(key: string, handler: (value: T) => void): Disposer {
    let set = this.handlers.get(key);
    if (!set) this.handlers.set(key, (set = new Set()));
    set.add(handler);
    return () => {
      set.delete(handler);
      if (set.size === 0 && this.handlers.get(key) === set) this.handlers.delete(key);
    };
  }

  publish(key: string, value: T): void {
    const set = this.handlers.get(key);
    if (!set) return;
    for (const handler of [...set]) handler(value);
  }
}

export class InProcessBroker implements Broker {
  readonly kind = 'in-process' as const;
  private readonly sessions = new Topic<SessionMessage>();
  private readonly instance = new Topic<InstanceMessage>();
  private readonly commands = new Topic<OwnerCommand>();
  private readonly control = new Topic<ControlEvent>();

  state() {
    return 'connected' as const;
  }
  publishSession(sessionId: string, message: SessionMessage): void {
    this.sessions.publish(sessionId, message);
  }
  subscribeSession(sessionId: string, handler: (message: SessionMessage) => void): Disposer {
    return this.sessions.subscribe(sessionId, handler);
  }
  /** One instance: every message is addressed to this one. */
  publishToInstance(_instanceId: string, message: InstanceMessage): void {
    this.instance.publish('', message);
  }
  subscribeInstance(handler: (message: InstanceMessage) => void): Disposer {
    return this.instance.subscribe('', handler);
  }
  publishOwnerCommand(sessionId: string, command: OwnerCommand): void {
    this.commands.publish(sessionId, command);
  }
  subscribeOwnerCommands(sessionId: string, handler: (command: OwnerCommand) => void): Disposer {
    return this.commands.subscribe(sessionId, handler);
  }
  publishControl(event: ControlEvent): void {
    // Asynchronous like the Valkey broker, so callers never depend on re-entrancy.
    queueMicrotask(() => this.control.publish('', event));
  }
  subscribeControl(handler: (event: ControlEvent) => void): Disposer {
    return this.control.subscribe('', handler);
  }
  async close(): Promise<void> {}
}

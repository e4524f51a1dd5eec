/** The single-instance broker: synchronous fan-out to in-process subscribers, nothing serialised. */
import type { Broker, ControlEvent, Disposer, OwnerCommand, SessionFrame } from './types.js';

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
  private readonly frames = new Topic<SessionFrame>();
  private readonly commands = new Topic<OwnerCommand>();
  private readonly control = new Topic<ControlEvent>();

  state() {
    return 'connected' as const;
  }
  publishFrame(sessionId: string, frame: SessionFrame): void {
    this.frames.publish(sessionId, frame);
  }
  subscribeFrames(sessionId: string, handler: (frame: SessionFrame) => void): Disposer {
    return this.frames.subscribe(sessionId, handler);
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

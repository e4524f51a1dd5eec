/**
 * Experiment preload (bench/scenarios/experiments.ts), never part of a normal run: every
 * `listen(port, host, callback)` in the process asks for an accept queue of 4,096 connections
 * instead of Node's default 511. bff/server.ts listens with the default; in a join storm its
 * synchronous join work (better-sqlite3) keeps the event loop from accepting, the queue overflows
 * and the kernel drops SYNs, which clients retry only after 1 s, 3 s, 7 s.
 */
import net from 'node:net';

const backlog = 4_096;
type Listen = (...args: unknown[]) => net.Server;
const proto = net.Server.prototype as unknown as { listen: Listen };
const listen = proto.listen;

proto.listen = function listenWithBacklog(this: net.Server, ...args: unknown[]): net.Server {
  const [port, host, callback] = args;
  if (typeof port === 'number' && typeof host === 'string' && (callback === undefined || typeof callback === 'function')) {
    return listen.call(this, { port, host, backlog }, callback);
  }
  return listen.apply(this, args);
};

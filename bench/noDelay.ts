/**
 * Sets TCP_NODELAY on every TCP socket of the process that imports it: accepted ones (the demo
 * router's SSH server side, HTTP, WebSockets) and connecting ones (the SSH client side).
 * The bench device and the baseline relay import it because a plain relay done right owns these
 * sockets and disables Nagle on them (issue 6: Nagle on the SSH server socket cost ≈ 13 ms per
 * line on loopback). Our server sets it itself (bff/ssh/client.ts, bff/ssh/demoServer.ts).
 */
import net from 'node:net';

const serverProto = net.Server.prototype as unknown as { emit(event: string, ...args: unknown[]): boolean };
const originalEmit = serverProto.emit;
serverProto.emit = function emit(this: net.Server, event: string, ...args: unknown[]): boolean {
  if (event === 'connection' && args[0] instanceof net.Socket) args[0].setNoDelay(true);
  return originalEmit.call(this, event, ...args);
};

const socketProto = net.Socket.prototype as unknown as { connect(...args: unknown[]): net.Socket };
const originalConnect = socketProto.connect;
socketProto.connect = function connect(this: net.Socket, ...args: unknown[]): net.Socket {
  // Before the handle exists Node remembers the setting and applies it once connected.
  this.setNoDelay(true);
  return originalConnect.apply(this, args);
};

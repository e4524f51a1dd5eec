/**
 * The demo router's own process (child_process.fork from demoRouter.ts): whatever goes wrong in
 * it, from a runaway command to an out-of-memory crash, ends its SSH sessions but never the
 * Controller. The parent sends the host key and login over IPC (not the environment, which the
 * child gets almost none of) and restarts this process if it dies.
 */
import { type ChildMessage, type DemoServer, type DemoServerOptions, listenDemoServer, type ParentMessage } from './demoServer.js';

if (!process.send) throw new Error('demoRouterProcess runs as a child of demoRouter.ts (child_process.fork)');

const tell = (message: ChildMessage) => process.send!(message);
let server: DemoServer | null = null;

/** The port it had before a restart if that is still free, so open device lists stay right. */
async function listen(options: DemoServerOptions): Promise<DemoServer> {
  try {
    return await listenDemoServer(options);
  } catch (err) {
    if (options.port === 0 || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    return listenDemoServer({ ...options, port: 0 });
  }
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'close') process.exit(0);
  if (message.type !== 'start' || server) return;
  listen(message.options).then(
    (started) => {
      server = started;
      tell({ type: 'listening', port: started.port });
    },
    (err: unknown) => {
      tell({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
      process.exit(1);
    },
  );
});
// The parent decides when this process ends: Ctrl-C in a terminal signals the whole process
// group, and the Controller must not see its router "die" while it is shutting down itself.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});
// No parent (it exited or was killed): nobody can reach this router any more.
process.on('disconnect', () => process.exit(0));

/**
 * The bench device as its own process: the product's demo router (bff/ssh/demoRouter.ts, whose
 * `debug ip packet` lines carry their own clock and sequence number) with TCP_NODELAY on its
 * sockets. Both relays open their SSH session to this one process, like a real router on the
 * network. Running it outside the relays matters: the router paces its stream with a 10 ms timer,
 * so inside a busy relay's event loop it would slow down its own source and hide the overload.
 * Prints `bench device listening on http://127.0.0.1:<port> as <username>:<password>`.
 */
import './noDelay.js';
import { startDemoRouter } from '../bff/ssh/demoRouter.js';

const router = await startDemoRouter();
console.log(`bench device listening on http://${router.host}:${router.port} as ${router.username}:${router.password}`);
// Open SSH connections would keep a graceful close waiting: the relays are gone by now anyway.
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));

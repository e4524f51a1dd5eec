/**
 * The composition root: builds every part from the config, listens, and closes in order.
 * `startServer(config)` binds port 0 in tests and returns its URL.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import { createApp } from './app.js';
import { OriginPolicy } from './auth/origin.js';
import { LoginWatch } from './auth/loginWatch.js';
import { AuthService } from './auth/service.js';
import { FailureThrottle } from './auth/throttle.js';
import client from 'prom-client';
import { InProcessBroker } from './broker/inProcess.js';
import { InstanceRegistry } from './broker/registry.js';
import { ValkeyBroker } from './broker/valkey.js';
import type { Broker } from './broker/types.js';
import { type Clock, systemClock } from './clock.js';
import type { Config } from './config.js';
import { AuditLog } from './domain/audit.js';
import { DeviceCatalog } from './domain/devices.js';
import { HostKeyService } from './domain/hostKeys.js';
import { SessionLimits } from './domain/sessionLimits.js';
import { SessionService } from './domain/sessions.js';
import { ShareService } from './domain/shares.js';
import { ViewerPresence } from './domain/viewers.js';
import type { RecorderLimits } from './recording/recorder.js';
import { RecordingService } from './recording/service.js';
import { startRecordingSweeper } from './recording/sweeper.js';
import type { AppDeps } from './http/deps.js';
import { handleControlEvents } from './relay/control.js';
import { RelayHub } from './relay/hub.js';
import { createMetrics } from './relay/metrics.js';
import { startDemoRouter } from './ssh/demoRouter.js';
import { SshTargetPolicy } from './ssh/targetPolicy.js';
import { OutageLog } from './store/outageLog.js';
import { openStore } from './store/index.js';
import { createUpgradeHandler } from './ws/upgrade.js';

export interface ServerOverrides {
  clock?: Clock;
  logger?: Logger;
  /** Where one-time console lines (the generated admin password) go. */
  print?: (line: string) => void;
  staticDir?: string;
  /** How often expired shares are swept (ms). */
  expirySweepMs?: number;
  /** Unsent bytes after which a viewer is closed as too slow (4408). */
  maxBufferedBytes?: number;
  /** Ping interval of the socket keep-alive (ms). */
  heartbeatMs?: number;
  /** How often open sockets' logins are checked (ms). */
  loginCheckMs?: number;
  /** How often recordings past retention are swept (ms). */
  recordingSweepMs?: number;
  /** Recorder bounds, e.g. a short flush interval (tests). */
  recordingLimits?: Partial<RecorderLimits>;
}

export interface RunningServer {
  url: string;
  deps: AppDeps;
  close(): Promise<void>;
}

const defaultStaticDir = fileURLToPath(new URL('../dist/web', import.meta.url));

export async function startServer(config: Config, overrides: ServerOverrides = {}): Promise<RunningServer> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const clock = overrides.clock ?? systemClock;
  const print = overrides.print ?? ((line: string) => console.log(line));
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const metrics = createMetrics(config.instanceId, () => store.shares.count({ state: 'active' }));
  const valkey = config.valkeyUrl ? await connectValkey(config.valkeyUrl, config.instanceId, logger, metrics) : null;
  const broker: Broker = valkey ?? new InProcessBroker();
  const audit = new AuditLog(store, config.instanceId, clock);
  const auth = new AuthService(store, audit, clock);
  await auth.bootstrapAdmin(config.adminEmail, config.adminPassword, logger, print);
  const demo = config.demoDevice ? await startDemoRouter({ logger: logger.child({ component: 'demo-router' }) }) : null;
  const base = { config, overrides, logger, clock, store, metrics, broker, audit, auth, demo };
  const services = buildServices(base);
  // A previous run of this instance may have died with sessions and viewers open.
  await services.closeOutInstance(config.instanceId, 'instance_restarted');
  const registry = valkey ? createRegistry(base, services, valkey) : null;
  const deps: AppDeps = {
    ...services.deps,
    ready: async () => ({ store: await store.ping(), broker: broker.state() === 'connected', registered: registry?.isRegistered() ?? true }),
    instances: async () => (registry ? { mode: 'ha', instances: await registry.list() } : { mode: 'single', instances: [] }),
  };
  const listening = await listen(config, overrides, deps);
  services.setPublicUrl(listening.publicUrl);
  deps.origins.configure(listening.publicUrl, config.allowedOrigins, config.publicUrl === undefined, listening.port);
  const stopJobs = startBackgroundJobs(base, services);
  registry?.start();
  logger.info({ url: listening.url, publicUrl: listening.publicUrl, instanceId: config.instanceId, store: store.dialect, broker: broker.kind }, 'listening');
  return {
    url: listening.url,
    deps,
    close: async () => {
      stopJobs();
      await registry?.stop();
      services.sessions.shutdown();
      // The last leave writes of the sockets just cut, and the recordings' last chunks, land before the store goes.
      await listening.close();
      await services.presence.drain();
      await services.recordings.drain();
      services.presence.dispose();
      services.hub.dispose();
      await demo?.close();
      await broker.close();
      await store.close();
    },
  };
}

interface Base {
  config: Config;
  overrides: ServerOverrides;
  logger: Logger;
  clock: Clock;
  store: Awaited<ReturnType<typeof openStore>>;
  metrics: ReturnType<typeof createMetrics>;
  broker: Broker;
  audit: AuditLog;
  auth: AuthService;
  demo: Awaited<ReturnType<typeof startDemoRouter>> | null;
}

type Services = ReturnType<typeof buildServices>;

/** The domain services and the relay, wired to each other. */
function buildServices(b: Base) {
  const { config, overrides, logger, clock, store, metrics, broker, audit, auth } = b;
  let publicUrl = config.publicUrl ?? 'http://localhost';
  const hub = new RelayHub({ broker, clock, logger, metrics, maxBufferedBytes: overrides.maxBufferedBytes });
  const devices = new DeviceCatalog(b.demo);
  const recordings = new RecordingService({
    store, audit, clock, logger,
    instanceId: config.instanceId,
    mode: config.recording,
    retentionSeconds: config.recordingRetentionSeconds,
    maxBytes: config.recordingMaxBytes,
    limits: overrides.recordingLimits,
    counters: metrics.recording,
  });
  const sessions = new SessionService({
    store, broker, audit, clock, logger, recordings, devices,
    instanceId: config.instanceId,
    ownerGraceSeconds: config.ownerGraceSeconds,
    localFanout: (id) => hub.socketCount(id),
    targetPolicy: new SshTargetPolicy({ allow: config.sshAllow, deny: config.sshDeny }),
    limits: new SessionLimits({ now: () => clock.now(), countOpen: async (userId) => (await store.sessions.activeOf(userId)).length, maxOpen: config.maxSessionsPerUser }),
    viewerProtection: { redact: config.redact, autoPause: config.autoPause },
    onMasked: (sessionId, count) => metrics.maskedValues.inc({ session_id: sessionId }, count),
  });
  const presence = new ViewerPresence({ store, audit, clock, broker, logger, instanceId: config.instanceId });
  const tokenGuesses = { byIp: new FailureThrottle(() => clock.now(), 30), byUser: new FailureThrottle(() => clock.now(), 20) };
  const shares = new ShareService({
    store, broker, audit, clock, logger, presence, tokenGuesses,
    shareMaxTtlSeconds: config.shareMaxTtlSeconds,
    maxSharesPerSession: config.maxSharesPerSession,
    sharesCreated: new FailureThrottle(() => clock.now(), 60),
    publicUrl: () => publicUrl,
  });
  const logins = new LoginWatch((hashes) => auth.liveLogins(hashes), logger, overrides.loginCheckMs);
  const deps: Omit<AppDeps, 'ready' | 'instances'> = {
    logger, clock, broker, auth, logins, audit, sessions, shares, presence, hub, metrics, recordings, devices,
    origins: new OriginPolicy(),
    hostKeys: new HostKeyService({ store, audit }),
    instanceId: config.instanceId,
    secureCookies: config.tls !== undefined || (config.publicUrl !== undefined && new URL(config.publicUrl).protocol === 'https:'),
    metricsToken: config.metricsToken,
  };
  return {
    deps, hub, recordings, sessions, presence, shares, logins,
    publicUrl: () => publicUrl,
    setPublicUrl: (url: string) => (publicUrl = url),
    /** What an instance left open (it restarted, or it is lost) is closed out in the store and the audit. */
    closeOutInstance: async (instanceId: string, reason: 'instance_restarted' | 'instance_lost') => {
      await presence.closeOut({ instanceId }, reason);
      await sessions.closeOutInstance(instanceId, reason);
    },
  };
}

function createRegistry(b: Base, s: Services, valkey: ValkeyBroker): InstanceRegistry {
  return new InstanceRegistry({
    broker: valkey,
    logger: b.logger,
    instanceId: b.config.instanceId,
    url: s.publicUrl,
    stats: () => ({ sessionsHosted: s.sessions.hostedCount, viewersConnected: s.hub.viewerCount }),
    instancesInStore: () => s.presence.instancesOwningRows(),
    closeOut: (id) => s.closeOutInstance(id, 'instance_lost'),
  });
}

/** The HTTP(S) server with the app and the socket upgrades, listening; close() cuts every socket and waits for their close events. */
async function listen(config: Config, overrides: ServerOverrides, deps: AppDeps) {
  const app = createApp(deps, { staticDir: overrides.staticDir ?? defaultStaticDir, sourceMaps: config.sourceMaps });
  const server: Server = config.tls
    ? createHttpsServer({ cert: readFileSync(config.tls.cert), key: readFileSync(config.tls.key) }, app)
    : createHttpServer(app);
  const upgrades = createUpgradeHandler(deps, { heartbeatMs: overrides.heartbeatMs });
  server.on('upgrade', upgrades.handle);
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // A deep accept queue: a training session's join storm must not drop SYNs.
    server.listen({ port: config.port, host: config.host, backlog: 4096 }, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const scheme = config.tls ? 'https' : 'http';
  const listenHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `${scheme}://${listenHost}:${port}`;
  return {
    url,
    port,
    publicUrl: config.publicUrl ?? url,
    close: async () => {
      const socketsClosed = upgrades.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await socketsClosed;
    },
  };
}

/** The sweepers and cleanups every instance runs; the disposer stops them. */
function startBackgroundJobs(b: Base, s: Services): () => void {
  const sweepOutage = new OutageLog(b.logger, 'share expiry sweep');
  const sweeper = setInterval(() => {
    s.shares.expireDue().then(() => sweepOutage.ok(), (err) => sweepOutage.failed(err));
  }, b.overrides.expirySweepMs ?? 250);
  sweeper.unref();
  const stopRecordingSweeper = startRecordingSweeper(s.recordings, b.logger, b.overrides.recordingSweepMs);
  const tokenCleanup = setInterval(() => {
    b.store.users.deleteExpiredLoginTokens(b.clock.now()).catch((err) => b.logger.warn({ err }, 'login token cleanup failed'));
  }, 60_000);
  tokenCleanup.unref();
  const stopControl = handleControlEvents({ broker: b.broker, hub: s.hub, shares: s.shares, clock: b.clock, logger: b.logger });
  return () => {
    clearInterval(sweeper);
    stopRecordingSweeper();
    clearInterval(tokenCleanup);
    s.logins.stop();
    stopControl();
  };
}

/**
 * One log format per destination: JSON lines for log collectors when stdout is not a terminal,
 * readable lines (pino-pretty, in this thread: no worker, no second process) when it is.
 */
function createLogger(level: string): Logger {
  const options = { level, redact: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token'] };
  if (!process.stdout.isTTY) return pino(options);
  return pino(options, pretty({ sync: true, colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' }));
}

/** Connects the Valkey broker; start goes on (not ready) if Valkey is down, and it keeps retrying. */
async function connectValkey(url: string, instanceId: string, logger: Logger, metrics: ReturnType<typeof createMetrics>): Promise<ValkeyBroker> {
  const broker = new ValkeyBroker(url, instanceId, logger);
  const latency = new client.Histogram({
    name: 'ns_relay_latency_seconds',
    help: 'Publish-to-receipt time of frames from another instance through Valkey',
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.05, 0.25, 1],
    registers: [metrics.registry],
  });
  broker.onRemoteFrameLatency = (ms) => latency.observe(ms / 1000);
  broker.onStateChange = (state) => metrics.brokerConnected.set(state === 'connected' ? 1 : 0);
  try {
    await broker.connect();
  } catch (err) {
    logger.warn({ err: (err as Error).message }, 'valkey unreachable at start; retrying in the background');
  }
  return broker;
}

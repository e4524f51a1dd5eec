import type { Logger } from 'pino';
import type { AuthService } from '../auth/service.js';
import type { FailureThrottle } from '../auth/throttle.js';
import type { OriginPolicy } from '../auth/origin.js';
import type { Broker } from '../broker/types.js';
import type { Clock } from '../clock.js';
import type { AuditLog } from '../domain/audit.js';
import type { DeviceCatalog } from '../domain/devices.js';
import type { SessionService } from '../domain/sessions.js';
import type { ShareService } from '../domain/shares.js';
import type { ViewerPresence } from '../domain/viewers.js';
import type { RelayHub } from '../relay/hub.js';
import type { Metrics } from '../relay/metrics.js';
import type { Store } from '../store/index.js';
import type { InstanceList } from '../../protocol/index.js';

/** Everything the HTTP app and the sockets need, built by server.ts (the composition root). */
export interface AppDeps {
  logger: Logger;
  clock: Clock;
  store: Store;
  broker: Broker;
  auth: AuthService;
  audit: AuditLog;
  devices: DeviceCatalog;
  sessions: SessionService;
  shares: ShareService;
  presence: ViewerPresence;
  hub: RelayHub;
  metrics: Metrics;
  origins: OriginPolicy;
  instanceId: string;
  secureCookies: boolean;
  /** Unknown share tokens tried, per address and per account (429 once over the limit). */
  tokenGuesses: { byIp: FailureThrottle; byUser: FailureThrottle };
  /** Readiness beyond the store: broker connected, instance registered. */
  ready: () => Promise<{ store: boolean; broker: boolean; registered: boolean }>;
  instances: () => Promise<InstanceList>;
}

import type { Logger } from 'pino';
import type { LoginWatch } from '../auth/loginWatch.js';
import type { AuthService } from '../auth/service.js';
import type { OriginPolicy } from '../auth/origin.js';
import type { Broker } from '../broker/types.js';
import type { Clock } from '../clock.js';
import type { AuditLog } from '../domain/audit.js';
import type { DeviceCatalog } from '../domain/devices.js';
import type { HostKeyService } from '../domain/hostKeys.js';
import type { SessionService } from '../domain/sessions.js';
import type { ShareService } from '../domain/shares.js';
import type { ViewerPresence } from '../domain/viewers.js';
import type { RecordingService } from '../recording/service.js';
import type { RelayHub } from '../relay/hub.js';
import type { Metrics } from '../relay/metrics.js';
import type { InstanceList } from '../../protocol/index.js';

/** Everything the HTTP app and the sockets need, built by server.ts (the composition root). */
export interface AppDeps {
  logger: Logger;
  clock: Clock;
  broker: Broker;
  auth: AuthService;
  /** Closes sockets whose login ended. */
  logins: LoginWatch;
  audit: AuditLog;
  devices: DeviceCatalog;
  hostKeys: HostKeyService;
  sessions: SessionService;
  shares: ShareService;
  presence: ViewerPresence;
  /** Session recordings (DESIGN.md §14). */
  recordings: RecordingService;
  hub: RelayHub;
  metrics: Metrics;
  origins: OriginPolicy;
  instanceId: string;
  secureCookies: boolean;
  /** NS_METRICS_TOKEN: when set, GET /metrics needs it as a Bearer token. */
  metricsToken?: string | undefined;
  /** Whether the store answers (readiness). */
  /** Readiness beyond the store: broker connected, instance registered. */
  ready: () => Promise<{ store: boolean; broker: boolean; registered: boolean }>;
  instances: () => Promise<InstanceList>;
}

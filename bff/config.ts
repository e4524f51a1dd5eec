/**
 * The only reader of process.env (STYLE.md lesson 9). Every key of DESIGN.md §10 is parsed and
 * validated here once; a bad value stops start with one line naming the variable.
 */
import { z } from 'zod';
import { parseDuration } from '../protocol/index.js';
import { parseTargetRules, type TargetRule } from './ssh/targetPolicy.js';

const duration = (name: string, fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const seconds = parseDuration(value);
      if (seconds === null) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a duration like 30m, 1h, 24h or seconds` });
        return z.NEVER;
      }
      return seconds;
    });

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const flag = (fallback: boolean) =>
  z
    .enum(['0', '1', 'true', 'false', 'yes', 'no', 'on', 'off', ''])
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : ['1', 'true', 'yes', 'on'].includes(v)));

/** A comma-separated list of CIDRs, addresses and host names (DESIGN.md §17). */
const targetRules = (name: string) =>
  z
    .string()
    .default('')
    .transform((value, ctx) => {
      try {
        return parseTargetRules(value);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `${name} entry ${(err as Error).message}` });
        return z.NEVER;
      }
    });

/** A size in bytes: `67108864`, or with a binary unit: `512KiB`, `64MiB`, `1GiB` (K, M, G alike). */
const byteSize = (name: string, fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const match = /^(\d+)\s*(?:([KMG])(?:i?B)?|B)?$/i.exec(value.trim());
      const bytes = match ? Number(match[1]) * 1024 ** ' KMG'.indexOf((match[2] ?? ' ').toUpperCase()) : NaN;
      if (!Number.isSafeInteger(bytes) || bytes < 1) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a size in bytes like 67108864, 512KiB or 64MiB` });
        return z.NEVER;
      }
      return bytes;
    });

const url = (name: string) =>
  optionalString.refine((v) => v === undefined || URL.canParse(v), { message: `${name} must be an absolute URL` });

const EnvSchema = z.object({
  /** TCP port of HTTP and WebSocket; 0 picks a free one (tests). */
  PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  /** Interface to bind. */
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Public base URL used in share links and as the allowed WebSocket Origin. */
  NS_PUBLIC_URL: url('NS_PUBLIC_URL'),
  /** Where the SQLite file lives in single-instance mode. */
  NS_DATA_DIR: z.string().min(1).default('./data'),
  /** PostgreSQL connection string: HA mode. */
  DATABASE_URL: url('DATABASE_URL'),
  /** Valkey/Redis URL: HA broker. */
  VALKEY_URL: url('VALKEY_URL'),
  /** Name of this instance in the HA registry and the audit log. */
  NS_INSTANCE_ID: optionalString.refine((v) => v === undefined || /^[A-Za-z0-9._-]{1,64}$/.test(v), {
    message: 'NS_INSTANCE_ID may hold letters, digits, . _ - (1..64)',
  }),
  /** PEM certificate and key: serve HTTPS and WSS. */
  NS_TLS_CERT: optionalString,
  NS_TLS_KEY: optionalString,
  /** Extra allowed browser Origins for WebSocket upgrades and cookie-authenticated writes, comma separated. */
  NS_ALLOWED_ORIGINS: z.string().default(''),
  NS_ADMIN_EMAIL: z.email({ message: 'NS_ADMIN_EMAIL must be an email address' }).default('admin@example.com'),
  NS_ADMIN_PASSWORD: optionalString.refine((v) => v === undefined || v.length >= 8, {
    message: 'NS_ADMIN_PASSWORD must be at least 8 characters',
  }),
  /** Longest share lifetime. */
  NS_SHARE_MAX_TTL: duration('NS_SHARE_MAX_TTL', '24h'),
  /** How long an SSH session outlives its owner's dropped browser. */
  NS_OWNER_GRACE: duration('NS_OWNER_GRACE', '5m'),
  /** Built-in demo router (dev_demo); on unless 0. */
  NS_DEMO_DEVICE: flag(true),
  /** Ad-hoc SSH targets allowed although the defaults refuse them (loopback, link-local, metadata). */
  NS_SSH_ALLOW: targetRules('NS_SSH_ALLOW'),
  /** Ad-hoc SSH targets always refused; wins over NS_SSH_ALLOW. */
  NS_SSH_DENY: targetRules('NS_SSH_DENY'),
  /** Open sessions one user may hold at once. */
  NS_MAX_SESSIONS_PER_USER: z.coerce.number({ message: 'NS_MAX_SESSIONS_PER_USER must be a whole number from 1 to 10000' }).int().min(1).max(10_000).default(20),
  /** Secrets in device output masked for viewers (DESIGN.md §13); on unless 0. */
  NS_REDACT: flag(true),
  /** Sharing pauses by itself at secret prompts (DESIGN.md §13); on unless 0. */
  NS_AUTO_PAUSE: flag(true),
  /** Active shares one session may have at once (POST …/share answers 429 too_many_shares past it). */
  NS_MAX_SHARES_PER_SESSION: z.coerce.number({ message: 'NS_MAX_SHARES_PER_SESSION must be a whole number from 1 to 10000' }).int().min(1).max(10_000).default(20),
  /** When set, GET /metrics needs `Authorization: Bearer <token>`; open otherwise. */
  NS_METRICS_TOKEN: optionalString.refine((v) => v === undefined || /^[\x21-\x7e]{16,512}$/.test(v), {
    message: 'NS_METRICS_TOKEN must be 16 to 512 printable characters without spaces',
  }),
  /** Serve the SPA's source maps (*.map); off in production. */
  NS_SOURCE_MAPS: flag(false),
  /** Session recordings (DESIGN.md §14): `all` (default) records every session, `off` none. */
  NS_RECORDING: z.enum(['all', 'off'], { message: 'NS_RECORDING must be all or off' }).default('all'),
  /** How long recordings are kept after their session ends. */
  NS_RECORDING_RETENTION: duration('NS_RECORDING_RETENTION', '30d'),
  /** Output recorded per session at most (uncompressed); past it recording stops (recording.truncated). */
  NS_RECORDING_MAX_BYTES: byteSize('NS_RECORDING_MAX_BYTES', '64MiB'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  /** Explicit public URL, or undefined to derive it from the bound port. */
  publicUrl: string | undefined;
  dataDir: string;
  databaseUrl: string | undefined;
  valkeyUrl: string | undefined;
  instanceId: string;
  tls: { cert: string; key: string } | undefined;
  allowedOrigins: string[];
  adminEmail: string;
  adminPassword: string | undefined;
  shareMaxTtlSeconds: number;
  ownerGraceSeconds: number;
  demoDevice: boolean;
  sshAllow: TargetRule[];
  sshDeny: TargetRule[];
  maxSessionsPerUser: number;
  maxSharesPerSession: number;
  redact: boolean;
  autoPause: boolean;
  metricsToken: string | undefined;
  sourceMaps: boolean;
  recording: 'all' | 'off';
  recordingRetentionSeconds: number;
  recordingMaxBytes: number;
  logLevel: string;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0] ?? 'environment');
    const message = issue.message.includes(key) ? issue.message : `${key}: ${issue.message}`;
    throw new ConfigError(`Invalid configuration: ${message}`);
  }
  const e = parsed.data;
  if (e.DATABASE_URL === undefined && e.VALKEY_URL !== undefined) {
    throw new ConfigError(
      'Invalid configuration: VALKEY_URL (HA mode) needs DATABASE_URL: several instances cannot share a SQLite file',
    );
  }
  if ((e.NS_TLS_CERT === undefined) !== (e.NS_TLS_KEY === undefined)) {
    throw new ConfigError('Invalid configuration: NS_TLS_CERT and NS_TLS_KEY must be set together');
  }
  const badOrigin = splitList(e.NS_ALLOWED_ORIGINS).find((o) => !isOrigin(o));
  if (badOrigin !== undefined) {
    throw new ConfigError(`Invalid configuration: NS_ALLOWED_ORIGINS entry "${badOrigin}" is not an origin like https://host:port`);
  }
  if (e.DATABASE_URL !== undefined && !/^postgres(ql)?:/.test(e.DATABASE_URL)) {
    throw new ConfigError('Invalid configuration: DATABASE_URL must be a postgres:// URL');
  }
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.NS_PUBLIC_URL?.replace(/\/+$/, ''),
    dataDir: e.NS_DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    valkeyUrl: e.VALKEY_URL,
    instanceId: e.NS_INSTANCE_ID ?? `ns-${process.pid}`,
    tls: e.NS_TLS_CERT && e.NS_TLS_KEY ? { cert: e.NS_TLS_CERT, key: e.NS_TLS_KEY } : undefined,
    allowedOrigins: splitList(e.NS_ALLOWED_ORIGINS),
    adminEmail: e.NS_ADMIN_EMAIL,
    adminPassword: e.NS_ADMIN_PASSWORD,
    shareMaxTtlSeconds: e.NS_SHARE_MAX_TTL,
    ownerGraceSeconds: e.NS_OWNER_GRACE,
    demoDevice: e.NS_DEMO_DEVICE,
    sshAllow: e.NS_SSH_ALLOW,
    sshDeny: e.NS_SSH_DENY,
    maxSessionsPerUser: e.NS_MAX_SESSIONS_PER_USER,
    maxSharesPerSession: e.NS_MAX_SHARES_PER_SESSION,
    redact: e.NS_REDACT,
    autoPause: e.NS_AUTO_PAUSE,
    metricsToken: e.NS_METRICS_TOKEN,
    sourceMaps: e.NS_SOURCE_MAPS,
    recording: e.NS_RECORDING,
    recordingRetentionSeconds: e.NS_RECORDING_RETENTION,
    recordingMaxBytes: e.NS_RECORDING_MAX_BYTES,
    logLevel: e.LOG_LEVEL,
  };
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function isOrigin(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const u = new URL(value);
  return u.origin === value;
}

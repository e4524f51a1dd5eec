import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('§10 configuration', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 8080, dataDir: './data', shareMaxTtlSeconds: 86400, ownerGraceSeconds: 300, demoDevice: true, adminEmail: 'admin@example.com' });
  });

  it('stops with one line naming the variable', () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ PORT: 'eighty' }, /^Invalid configuration: PORT/],
      [{ NS_SHARE_MAX_TTL: 'forever' }, /NS_SHARE_MAX_TTL/],
      [{ NS_OWNER_GRACE: '5 minutes' }, /NS_OWNER_GRACE/],
      [{ NS_PUBLIC_URL: 'not a url' }, /NS_PUBLIC_URL/],
      [{ NS_ADMIN_EMAIL: 'root' }, /NS_ADMIN_EMAIL/],
      [{ NS_ADMIN_PASSWORD: 'short' }, /NS_ADMIN_PASSWORD/],
      [{ NS_DEMO_DEVICE: 'maybe' }, /NS_DEMO_DEVICE/],
      [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
      [{ NS_ALLOWED_ORIGINS: 'https://a.example/path' }, /NS_ALLOWED_ORIGINS/],
      [{ VALKEY_URL: 'redis://127.0.0.1:6379' }, /VALKEY_URL.*DATABASE_URL/],
      [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
      [{ NS_TLS_CERT: '/tmp/cert.pem' }, /NS_TLS_CERT and NS_TLS_KEY/],
      [{ NS_INSTANCE_ID: 'has space' }, /NS_INSTANCE_ID/],
      [{ NS_SSH_ALLOW: '10.0.0.0/33' }, /NS_SSH_ALLOW entry "10.0.0.0\/33"/],
      [{ NS_SSH_DENY: 'not a host' }, /NS_SSH_DENY entry "not a host"/],
      [{ NS_MAX_SESSIONS_PER_USER: '0' }, /NS_MAX_SESSIONS_PER_USER/],
      [{ NS_MAX_SESSIONS_PER_USER: 'many' }, /NS_MAX_SESSIONS_PER_USER/],
      [{ NS_METRICS_TOKEN: 'short' }, /NS_METRICS_TOKEN/],
      [{ NS_SOURCE_MAPS: 'maybe' }, /NS_SOURCE_MAPS/],
    ];
    for (const [env, message] of cases) {
      expect(() => loadConfig(env), JSON.stringify(env)).toThrow(message);
      try {
        loadConfig(env);
      } catch (err) {
        expect((err as Error).message).not.toContain('\n');
      }
    }
  });

  it('reads the demo switch and origin list', () => {
    expect(loadConfig({ NS_DEMO_DEVICE: '0' }).demoDevice).toBe(false);
    expect(loadConfig({ NS_ALLOWED_ORIGINS: 'https://a.example, https://b.example:8443' }).allowedOrigins).toEqual(['https://a.example', 'https://b.example:8443']);
  });

  it('reads the SSH target lists, the session cap, the metrics token and the source-map switch (§17)', () => {
    const defaults = loadConfig({});
    expect(defaults).toMatchObject({ sshAllow: [], sshDeny: [], maxSessionsPerUser: 20, metricsToken: undefined, sourceMaps: false });
    const set = loadConfig({ NS_SSH_ALLOW: '127.0.0.1/32, lab.example', NS_SSH_DENY: '10.0.0.0/8', NS_MAX_SESSIONS_PER_USER: '5', NS_METRICS_TOKEN: 'a-long-scrape-token-1', NS_SOURCE_MAPS: '1' });
    expect(set.sshAllow).toMatchObject([{ kind: 'cidr', text: '127.0.0.1/32' }, { kind: 'name', name: 'lab.example' }]);
    expect(set.sshDeny).toMatchObject([{ kind: 'cidr', prefix: 8 }]);
    expect(set).toMatchObject({ maxSessionsPerUser: 5, metricsToken: 'a-long-scrape-token-1', sourceMaps: true });
  });
});

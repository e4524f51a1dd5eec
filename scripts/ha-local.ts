/**
 * npm run ha:local — try HA on one machine: a throwaway PostgreSQL cluster and Valkey/Redis, three
 * Controller instances and nginx in front (if installed), all on free ports, until Ctrl-C.
 * Needs the same Debian packages as the tests (postgresql, redis-server, optionally nginx).
 */
import { randomBytes } from 'node:crypto';
import { type BffProcess, freePort, startBffProcess, startNginx, startPostgres, startValkey } from '../bff/testing/services.js';
import { startMonitoring } from './haMonitoring.js';

const adminPassword = process.env.NS_ADMIN_PASSWORD ?? randomBytes(12).toString('base64url');
const postgres = await startPostgres();
const valkey = await startValkey();
console.log(`PostgreSQL  ${postgres.url}\nValkey      ${valkey.url}`);
// Browsers may come through nginx: its origin must pass every instance's Origin check.
const nginxPort = await freePort();
const viaNginx = `https://127.0.0.1:${nginxPort}`;
const instances: BffProcess[] = [];
for (const id of ['ns-a', 'ns-b', 'ns-c']) {
  instances.push(await startBffProcess({ DATABASE_URL: postgres.url, VALKEY_URL: valkey.url, NS_INSTANCE_ID: id, NS_ADMIN_PASSWORD: adminPassword, NS_ALLOWED_ORIGINS: viaNginx, LOG_LEVEL: 'info' }));
  console.log(`${id}        ${instances.at(-1)!.url}`);
}
const nginx = await startNginx(instances.map((i) => new URL(i.url).host), nginxPort).catch((err: Error) => {
  console.log(`(no nginx in front: ${err.message})`);
  return null;
});
if (nginx) console.log(`nginx       ${nginx.url}  (self-signed certificate)`);
const monitoring = startMonitoring(instances.map((i) => new URL(i.url).host), { prometheus: await freePort(), grafana: await freePort() });
console.log(
  monitoring
    ? `Grafana     ${monitoring.grafanaUrl}  (Prometheus scraping every instance's /metrics)`
    : '(no Grafana: install prometheus and grafana, or import deploy/grafana/netstacks-dashboard.json into yours)',
);
console.log(`\nAdmin: admin@example.com / ${adminPassword}\nOpen any instance URL; share on one, watch on another. Ctrl-C stops everything.`);

const stop = async () => {
  monitoring?.close();
  await nginx?.close();
  await Promise.all(instances.map((i) => i.kill()));
  await valkey.close();
  await postgres.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

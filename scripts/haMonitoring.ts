/**
 * Prometheus and Grafana for `npm run ha:local`, when both are installed: Prometheus scrapes every
 * instance's /metrics, Grafana starts with it as a data source and the dashboard of
 * deploy/grafana/netstacks-dashboard.json. Without them the caller prints how to import it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dashboard = fileURLToPath(new URL('../deploy/grafana/netstacks-dashboard.json', import.meta.url));

const installed = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

export interface Monitoring {
  grafanaUrl: string;
  close(): void;
}

export function startMonitoring(metricsHosts: string[], ports: { prometheus: number; grafana: number }): Monitoring | null {
  if (!installed('prometheus') || !installed('grafana-server')) return null;
  const dir = mkdtempSync(join(tmpdir(), 'ns-monitoring-'));
  const targets = metricsHosts.map((h) => `'${h}'`).join(', ');
  writeFileSync(join(dir, 'prometheus.yml'), `global:\n  scrape_interval: 5s\nscrape_configs:\n  - job_name: netstacks\n    static_configs:\n      - targets: [${targets}]\n`);
  const provisioning = join(dir, 'provisioning');
  for (const sub of ['datasources', 'dashboards']) mkdirSync(join(provisioning, sub), { recursive: true });
  writeFileSync(join(provisioning, 'datasources', 'prometheus.yml'), `apiVersion: 1\ndatasources:\n  - name: Prometheus\n    type: prometheus\n    url: http://127.0.0.1:${ports.prometheus}\n    isDefault: true\n`);
  writeFileSync(join(provisioning, 'dashboards', 'netstacks.yml'), `apiVersion: 1\nproviders:\n  - name: netstacks\n    type: file\n    options:\n      path: ${join(dashboard, '..')}\n`);
  const children: ChildProcess[] = [
    spawn('prometheus', [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'tsdb')}`, `--web.listen-address=127.0.0.1:${ports.prometheus}`], { stdio: 'ignore' }),
    spawn('grafana-server', ['--homepath', '/usr/share/grafana'], {
      stdio: 'ignore',
      env: { ...process.env, GF_SERVER_HTTP_ADDR: '127.0.0.1', GF_SERVER_HTTP_PORT: String(ports.grafana), GF_PATHS_DATA: join(dir, 'grafana'), GF_PATHS_PROVISIONING: provisioning, GF_AUTH_ANONYMOUS_ENABLED: 'true' },
    }),
  ];
  return { grafanaUrl: `http://127.0.0.1:${ports.grafana}/d/netstacks-sharing`, close: () => children.forEach((c) => c.kill()) };
}

/**
 * Issue 14: the memory of what `npm start` leaves running, idle and with 1,000 idle viewers, next
 * to the bare relay's (one number per arm: the RSS of every process, summed), and how many
 * processes `npm start` leaves (its process group once it listens).
 */
import { ViewerFleet } from '../fleet.js';
import { type GroupProcess, groupProcesses, startNpm, steadyGroupRss } from '../processGroup.js';
import { ProcSampler } from '../procStats.js';
import type { Row, Scenario, ScenarioContext, ScenarioResult } from '../scenario.js';
import { sleep } from '../streamRun.js';
import { type BenchDevice, shareDemoSession, startBaseline, startDevice, viewerUrl } from '../targets.js';

interface Footprint {
  idleRss: number;
  viewersRss: number;
  /** The serving process alone (ours: the one running the bundle). */
  serverIdleRss: number;
  serverViewersRss: number;
  processes: GroupProcess[];
  nodeProcesses: number;
  /** Node processes other than npm itself and the demo router (which runs apart on purpose). */
  serverProcesses: number;
  opened: number;
  builtWeb: boolean;
}

async function idleViewers(url: string, headers: Record<string, string>, count: number): Promise<{ fleet: ViewerFleet; opened: number }> {
  const fleet = new ViewerFleet({ url, headers, full: 0, count, workers: 2 });
  const { opened } = await fleet.connect();
  await sleep(2_000);
  return { fleet, opened };
}

async function npmStartFootprint(device: BenchDevice, viewers: number): Promise<Footprint> {
  const npm = await startNpm();
  try {
    await sleep(2_000);
    const processes = groupProcesses(npm.pgid);
    const server = processes.find((p) => p.role === 'server');
    if (!server) throw new Error(`no server among the processes npm start left: ${processes.map((p) => p.command).join('; ')}`);
    const idleRss = await steadyGroupRss(npm.pgid);
    const serverIdleRss = await ProcSampler.steadyRss(server.pid, 500);
    const s = await shareDemoSession(npm.base, device);
    const { fleet, opened } = await idleViewers(viewerUrl(npm.base, s.shareToken), { authorization: `Bearer ${s.viewerToken}` }, viewers);
    try {
      return {
        idleRss, serverIdleRss,
        viewersRss: await steadyGroupRss(npm.pgid),
        serverViewersRss: await ProcSampler.steadyRss(server.pid, 500),
        processes,
        nodeProcesses: processes.filter((p) => p.isNode).length,
        serverProcesses: processes.filter((p) => p.isNode && p.role !== 'npm' && p.role !== 'demo router').length,
        opened,
        builtWeb: npm.output().includes('Building the web app'),
      };
    } finally {
      await fleet.close();
      s.owner.close();
    }
  } finally {
    await npm.stop();
  }
}

async function relayFootprint(device: BenchDevice, viewers: number): Promise<Footprint> {
  const relay = await startBaseline(device);
  try {
    await sleep(2_000);
    const idleRss = await ProcSampler.steadyRss(relay.pid);
    const { fleet, opened } = await idleViewers(relay.viewerUrl, relay.viewerHeaders, viewers);
    try {
      const viewersRss = await ProcSampler.steadyRss(relay.pid);
      const self: GroupProcess = { pid: relay.pid, role: 'relay', command: 'node --import tsx bench/baselineRelay.ts', rss: idleRss };
      return { idleRss, serverIdleRss: idleRss, viewersRss, serverViewersRss: viewersRss, processes: [self], nodeProcesses: 1, serverProcesses: 1, opened, builtWeb: false };
    } finally {
      await fleet.close();
    }
  } finally {
    await relay.close();
  }
}

const mib = (bytes: number) => bytes / 2 ** 20;

function rows(r: { ours: Footprint; baseline: Footprint }, viewers: number): Row[] {
  const n = viewers.toLocaleString('en-US');
  const list = (f: Footprint) => f.processes.map((p) => p.role).join(', ');
  return [
    { metric: 'RSS at idle (every process, summed)', ours: mib(r.ours.idleRss), baseline: mib(r.baseline.idleRss), unit: 'MiB' },
    { metric: `RSS with ${n} idle viewers (every process, summed)`, ours: mib(r.ours.viewersRss), baseline: mib(r.baseline.viewersRss), unit: 'MiB' },
    { metric: 'of which the serving process: idle', ours: mib(r.ours.serverIdleRss), baseline: mib(r.baseline.serverIdleRss), unit: 'MiB' },
    { metric: `of which the serving process: ${n} viewers`, ours: mib(r.ours.serverViewersRss), baseline: mib(r.baseline.serverViewersRss), unit: 'MiB' },
    { metric: 'processes left running (process group)', ours: `${r.ours.processes.length}: ${list(r.ours)}`, baseline: `${r.baseline.processes.length}: ${list(r.baseline)}`, unit: '' },
    { metric: 'node processes / of them serving', ours: `${r.ours.nodeProcesses} / ${r.ours.serverProcesses}`, baseline: `${r.baseline.nodeProcesses} / ${r.baseline.serverProcesses}`, unit: '', target: 'one serving node process', met: r.ours.serverProcesses === 1 },
  ];
}

export const footprint: Scenario = {
  name: 'footprint',
  title: 'Issue 14. Footprint: what `npm start` leaves running, idle and with 1,000 idle viewers',
  async run(ctx: ScenarioContext): Promise<ScenarioResult> {
    const viewers = ctx.quick ? 200 : 1_000;
    const device = await startDevice();
    try {
      const r = { ours: await npmStartFootprint(device, viewers), baseline: await relayFootprint(device, viewers) };
      const each = (f: Footprint) => f.processes.map((p) => `${p.role} (pid ${p.pid}, \`${p.command}\`) ${mib(p.rss).toFixed(0)} MiB`).join('; ');
      return {
        name: 'footprint',
        title: this.title,
        rows: rows(r, viewers),
        notes: [
          `ours is \`npm start\` itself (in a process group of its own, found through /proc once it listened); the baseline is the bare relay (bench/baselineRelay.ts under tsx, its loader included). At idle ours has no session yet while the relay holds its SSH session from its start; "with viewers" both have a session to the bench device, its owner's socket and the viewers. RSS is the median of 1 s of samples, 2 s after start and 2 s after the last of ${viewers} counting viewers opened (${r.ours.opened} / ${r.baseline.opened} opened); summed RSS counts pages shared between processes (node itself) once per process`,
          `npm start left: ${each(r.ours)}${r.ours.builtWeb ? '; it built the web app first (web/ had changed)' : ''}`,
          ...(ctx.quick ? [`--quick: ${viewers} idle viewers instead of 1,000`] : []),
        ],
        details: r,
      };
    } finally {
      await device.kill();
    }
  },
};

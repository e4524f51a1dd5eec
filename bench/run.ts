/**
 * `npm run bench [-- <scenario>… | all] [--quick] [--update-doc] [--cpu-prof]`
 *
 * Runs the scenarios of issue 6 against our server (dist/bff.mjs under plain node, as `npm start`
 * runs it) and the baseline relay (bench/baselineRelay.ts), one process group at a time, prints
 * one markdown table, writes bench/results/<time>.json and, with --update-doc, BENCHMARKS.md.
 * With no names (or `all`) it runs every scenario. --quick shortens every window (≈3 s) for a
 * smoke run; --cpu-prof writes V8 CPU profiles of our server to bench/results/prof/.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setWorkerNodeArgs } from './fleet.js';
import { machineBusyPercent } from './procStats.js';
import { machine, machineLine, notesList, resultsTable } from './report.js';
import type { Scenario, ScenarioContext, ScenarioResult } from './scenario.js';
import { scenarios } from './scenarios/index.js';

const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
const benchmarksDoc = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));

function parseArgs(argv: string[]) {
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const names = argv.filter((a) => !a.startsWith('--'));
  const unknown = names.filter((n) => n !== 'all' && !scenarios.some((s) => s.name === n));
  if (unknown.length > 0) {
    console.error(`unknown scenario(s): ${unknown.join(', ')}; known: ${scenarios.map((s) => s.name).join(', ')}, all`);
    process.exit(2);
  }
  const wanted = (s: Scenario) => names.length === 0 || names.includes('all') || names.includes(s.name);
  return {
    selected: scenarios.filter(wanted),
    names,
    quick: flags.has('--quick'),
    updateDoc: flags.has('--update-doc'),
    cpuProf: flags.has('--cpu-prof'),
  };
}

function checkOpenFiles(limit: string): void {
  const n = limit === 'unlimited' ? Infinity : Number(limit);
  // The server holds every viewer socket (up to 1,000 per scenario, 4,000 in the curve) plus files.
  if (n < 4_500) console.warn(`! ulimit -n is ${limit}: scenarios with thousands of sockets may fail (raise it: ulimit -n 65536)`);
}

async function runOne(scenario: Scenario, ctx: ScenarioContext): Promise<ScenarioResult> {
  const background = await machineBusyPercent();
  const started = performance.now();
  console.log(`▶ ${scenario.title} (machine ${background.toFixed(0)}% busy before it started)`);
  try {
    const result = await scenario.run(ctx);
    result.notes.push(`other work kept the machine ${background.toFixed(0)}% busy (all cores) just before this scenario`);
    result.details.backgroundBusyPercent = background;
    console.log(`  ${result.skipped ? `skipped: ${result.skipped}` : 'done'} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return result;
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
    console.error(`  ✗ failed: ${message}`);
    return { name: scenario.name, title: scenario.title, rows: [], notes: [], details: { error: String(err) }, skipped: `failed: ${message}` };
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const host = machine();
  console.log(`Machine: ${machineLine(host)}`);
  checkOpenFiles(host.openFilesLimit);
  mkdirSync(resultsDir, { recursive: true });
  const ctx: ScenarioContext = {
    quick: args.quick,
    warmupMs: args.quick ? 500 : 1_000,
    measureMs: args.quick ? 3_000 : 8_000,
    oursNodeArgs: args.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${resultsDir}prof`] : [],
  };
  if (args.cpuProf) setWorkerNodeArgs(['--cpu-prof', `--cpu-prof-dir=${resultsDir}prof/workers`]);
  const results: ScenarioResult[] = [];
  for (const scenario of args.selected) results.push(await runOne(scenario, ctx));

  const table = resultsTable(results);
  const notes = notesList(results);
  console.log(`\n${table}\n\n${notes}`);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = `${resultsDir}${stamp}.json`;
  writeFileSync(file, JSON.stringify({ machine: host, quick: args.quick, startedAt: stamp, results }, null, 2));
  console.log(`\nresults: ${file}`);
  if (args.updateDoc) {
    writeFileSync(benchmarksDoc, benchmarksMarkdown(machineLine(host), table, notes, args) + keptFindings());
    console.log(`updated ${benchmarksDoc}`);
  }
}

/** The hand-written "## Findings" section of BENCHMARKS.md survives --update-doc. */
function keptFindings(): string {
  if (!existsSync(benchmarksDoc)) return '';
  const doc = readFileSync(benchmarksDoc, 'utf8');
  const at = doc.indexOf('\n## Findings');
  return at === -1 ? '' : doc.slice(at);
}

function benchmarksMarkdown(machineText: string, table: string, notes: string, args: ReturnType<typeof parseArgs>): string {
  const extra = [...args.names, ...(args.quick ? ['--quick'] : [])];
  const command = ['npm run bench', ...(extra.length > 0 ? ['--', ...extra] : [])].join(' ');
  return `${benchmarksHeader}\n## Latest run\n\n\`${command}\` on ${new Date().toISOString().slice(0, 10)}: ${machineText}.\n\n${table}\n\n### Notes\n\n${notes}\n`;
}

const benchmarksHeader = `# Benchmarks

Produced by \`npm run bench\` (bench/run.ts, issue 6) on loopback. The path measured is the real one: the bench device
(the product's demo router, bff/ssh/demoRouter.ts, in a process of its own with TCP_NODELAY) → SSH → our server
(dist/bff.mjs under plain node, as \`npm start\` runs it, SQLite, an ad-hoc SSH session to the device, shared to a guest)
→ viewer WebSockets.
The baseline is bench/baselineRelay.ts on the same device: ssh2 → one JSON frame serialised once per SSH chunk → every
socket; no auth, no audit, no coalescing, no slow-viewer policy, TCP_NODELAY on its sockets.

- Both relays are up during a scenario but only one streams at a time, in interleaved rounds (ours, baseline,
  baseline, ours…), so drift in the shared machine's load falls on both; compare the ours / baseline column.
- Viewers run in worker processes: a sample parses every frame in a worker of its own (latency = receipt − the
  \`*<epochMs>\` stamp the device writes into every line, so it covers SSH, the relay and the socket, and includes up to
  1 ms of stamp truncation; lost lines from the in-line \`seq=\`; lost frames from the frame \`seq\`); the rest walk
  frame headers and count bytes. Server CPU (100% = one core) and RSS come from /proc/<pid>.
- Targets are the issue's; "met"/"MISSED" judge our figure only.
- Self-comparisons (issues 11–13) run our server against itself: two server processes that differ in one setting, on
  one device, in interleaved rounds twice as long as the issue 6 scenarios' (8 ABBA rounds of 2 s); the scenario's
  first line names its arms in the Ours and Baseline columns (feature on first), the ratio is first / second, and a
  target like "≤ 1.1× (ratio)" judges that ratio.
  - \`snapshot\` (issue 11): join storms (1,000 viewers within 1 s, device at 10 KB/s; four per arm, ABBA ABBA, after one
    unmeasured storm on each server) to a share
    with \`show_current_screen: true\` vs a plain share: time until all have output, viewers that got the snapshot
    before live output, server CPU per join (storm CPU ÷ joins; the difference is the snapshot's). Then the
    audience (1,000 × 10 KB/s) with the host keeping a headless screen (a \`show_current_screen\` share exists, the
    viewers watch a plain one) vs none: p99 and server CPU.
  - \`redaction\` (issue 12): \`typical\` and \`burst\` with masking and auto-pause on (default) vs \`NS_REDACT=0
    NS_AUTO_PAUSE=0\`: p99, server CPU, and the values masked (/metrics).
  - \`recording\` (issue 13): the audience and \`burst\` with recording on (default) vs \`NS_RECORDING=off\`; then one
    recorded session at 10 KB/s for 20 s: recording bytes and stored bytes (GET /api/v1/recordings) and SQLite
    pages in use, per hour.
  - \`auditchain\` (issue 13): join storms with the hash-chained audit append vs a plain INSERT. Both arms run the
    bundle with \`--import bench/preloads/auditChain.mjs\`; with \`BENCH_AUDIT_CHAIN=off\` its load hook rewrites
    \`appendLink\` in dist/bff.mjs as the bundle loads (the bundle's exports cannot be patched), and that arm's
    \`GET /api/v1/audit/verify\` then finds no chained events, which shows the patch took.
- \`footprint\` (issue 14): \`npm start\` itself, in a process group of its own: the processes it leaves (read from
  /proc) and their summed RSS, idle and with 1,000 idle viewers, next to the bare relay's.

Run it: \`npm run bench\` (the issue's scenarios, the self-comparisons and the curve, ≈ 14 min),
\`npm run bench -- typical audience\`, \`all\`, \`--quick\` (≈ 3 s windows, and 200–250 viewers instead of 1,000 in the
self-comparisons and \`footprint\`), \`--update-doc\` (rewrites this file),
\`--cpu-prof\` (V8 profiles of our server and the viewer workers in bench/results/prof/).
`;

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

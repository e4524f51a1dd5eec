/** The results table (markdown, so the same text goes to stdout and BENCHMARKS.md) and the machine it ran on. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { Row, ScenarioResult } from './scenario.js';

export interface Machine {
  nproc: number;
  cpuModel: string;
  node: string;
  memoryGiB: number;
  openFilesLimit: string;
  loadAverageAtStart: number[];
  kernel: string;
  /** The commit the run measured, marked when bff/ or protocol/ had uncommitted changes. */
  commit: string;
}

export function machine(): Machine {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  return {
    nproc: os.availableParallelism(),
    cpuModel: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown',
    node: process.version,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    openFilesLimit: execFileSync('sh', ['-c', 'ulimit -n']).toString().trim(),
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
    kernel: os.release(),
    commit: serverCommit(),
  };
}

function serverCommit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'bff', 'protocol'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    return dirty ? `${sha} (bff/ or protocol/ modified)` : sha;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

export function machineLine(m: Machine): string {
  return `commit ${m.commit}; ${m.nproc} CPU (${m.cpuModel}), ${m.memoryGiB} GiB RAM, Linux ${m.kernel}, Node ${m.node}, ulimit -n ${m.openFilesLimit}, load average at start ${m.loadAverageAtStart.join(' / ')}`;
}

function formatNumber(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const abs = Math.abs(value);
  if (abs !== 0 && abs < 10) return value.toFixed(2);
  if (abs < 100) return value.toFixed(1);
  return Math.round(value).toLocaleString('en-US');
}

function formatValue(value: Row['ours'], unit: Row['unit']): string {
  if (value === null) return '–';
  if (typeof value === 'string') return value;
  return unit === '' ? formatNumber(value) : `${formatNumber(value)} ${unit}`;
}

function ratio(row: Row): string {
  if (row.noRatio || typeof row.ours !== 'number' || typeof row.baseline !== 'number' || row.baseline === 0) return '';
  return `${(row.ours / row.baseline).toFixed(2)}×`;
}

function verdict(row: Row): string {
  if (row.met === undefined || row.met === null) return row.target ? 'n/a' : '';
  return row.met ? 'met' : '**MISSED**';
}

export function resultsTable(results: ScenarioResult[]): string {
  const lines = ['| Scenario | Metric | Ours | Baseline | Ours / baseline | Target | |', '|---|---|---:|---:|---:|---|---|'];
  for (const result of results) {
    if (result.skipped) {
      lines.push(`| ${result.title} | skipped | ${result.skipped} | | | | |`);
      continue;
    }
    // A self-comparison names its two arms where the others have "Ours" and "Baseline".
    const rows: Row[] = result.arms ? [{ metric: '*arms:*', ours: `**${result.arms.ours}**`, baseline: `**${result.arms.baseline}**`, unit: '' }, ...result.rows] : result.rows;
    rows.forEach((row, i) => {
      const cells = [i === 0 ? result.title : '', row.metric, formatValue(row.ours, row.unit), formatValue(row.baseline, row.unit), ratio(row), row.target ?? '', verdict(row)];
      lines.push(`| ${cells.join(' | ')} |`);
    });
  }
  return lines.join('\n');
}

export function notesList(results: ScenarioResult[]): string {
  const lines: string[] = [];
  for (const result of results) {
    for (const note of result.notes) lines.push(`- **${result.name}**: ${note}`);
  }
  return lines.join('\n');
}

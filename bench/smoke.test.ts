/**
 * Issue 6: `npm test` runs a seconds-long smoke version of the benchmark. It asserts that the
 * harness runs end to end on both relays and that nothing is lost, never how fast anything is
 * (timings on shared machines belong in `npm run bench`).
 */
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import type { ScenarioResult } from './scenario.js';

const root = fileURLToPath(new URL('..', import.meta.url));

it('npm run bench -- typical --quick measures both relays and loses no line, frame or viewer', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'bench/run.ts', 'typical', '--quick'], {
    cwd: root,
    timeout: 180_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  const file = /results: (\S+\.json)/.exec(stdout)?.[1];
  expect(file, stdout).toBeDefined();
  const { results } = JSON.parse(readFileSync(file!, 'utf8')) as { results: ScenarioResult[] };
  rmSync(file!);
  const typical = results.find((result) => result.name === 'typical');
  expect(typical?.skipped, stdout).toBeUndefined();
  const loss = typical!.rows.find((row) => row.metric.startsWith('lost lines'));
  expect(loss).toMatchObject({ ours: '0 / 0 / 0', baseline: '0 / 0 / 0' });
  const latency = typical!.rows.find((row) => row.metric.includes('p99'));
  expect(latency?.ours).toEqual(expect.any(Number));
  expect(latency?.baseline).toEqual(expect.any(Number));
}, 200_000);

/**
 * `npm run audit:verify -- export.ndjson`: verifies an NDJSON audit export with no server
 * (DESIGN.md §15) and prints the verdict GET /api/v1/audit/verify gives, as JSON on stdout.
 * Exit code: 0 the chain holds, 1 it does not, 2 usage (no file, unreadable file).
 * The file is read line by line, so an export of any size verifies in constant memory.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { AuditExportEvent, type AuditChainVerdict } from '../protocol/index.js';
import { ChainChecker } from '../bff/audit/chain.js';

// Any event type passes: the hash covers the type, and an export from a newer server may name
// types this copy of the schema does not know yet.
const ExportLine = AuditExportEvent.extend({ type: z.string() });

async function verifyFile(path: string): Promise<AuditChainVerdict> {
  const checker = new ChainChecker();
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  for await (const text of lines) {
    if (text.trim() === '') continue;
    const line = parseLine(text);
    if (!line) return { ok: false, events_checked: checker.checked + 1, first_bad_event_id: null, reason: 'malformed_line' };
    if (!checker.add(line)) break;
  }
  lines.close();
  return checker.verdict();
}

/** The event as written in the file: validated, but hashed from the raw values, not zod's output. */
function parseLine(text: string): z.infer<typeof ExportLine> | null {
  try {
    const raw: unknown = JSON.parse(text);
    return ExportLine.safeParse(raw).success ? (raw as z.infer<typeof ExportLine>) : null;
  } catch {
    return null;
  }
}

async function main(args: string[]): Promise<number> {
  const path = args[0];
  if (args.length !== 1 || !path || path.startsWith('-')) {
    process.stderr.write('usage: npm run audit:verify -- <export.ndjson>\n');
    return 2;
  }
  let verdict: AuditChainVerdict;
  try {
    if (!(await stat(path)).isFile()) throw new Error('not a file');
    verdict = await verifyFile(path);
  } catch (err) {
    process.stderr.write(`audit:verify: cannot read ${path}: ${(err as Error).message}\n`);
    return 2;
  }
  process.stdout.write(JSON.stringify(verdict) + '\n');
  return verdict.ok ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));

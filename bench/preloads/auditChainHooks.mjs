// Module hooks of auditChain.mjs (they run on Node's hooks thread). The replacement is one line,
// so the bundle's source map still lines up.
let plain = false;

export function initialize(data) {
  plain = data.plain;
}

// `async function appendLink(trx, cursor, input) {` in bff/store/audit.ts, as esbuild emits it
// (it may add a digit to the name when another module has an appendLink).
const appendLink = /^async function (appendLink\d*)\(trx, cursor, input\) \{$/m;

/**
 * audit_events.seq is INTEGER PRIMARY KEY AUTOINCREMENT on SQLite: left out, the database assigns
 * it. The cursor is left untouched, so the transaction never reads or writes the chain head.
 */
const plainInsert = (name) =>
  `async function ${name}(trx, cursor, input) { await trx.insertInto("audit_events").values({ ...input, prev_hash: null, hash: null }).execute(); return { id: 0, hash: "" }; } ` +
  `async function ${name}Chained(trx, cursor, input) {`;

export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  if (!plain || !url.endsWith('/dist/bff.mjs')) return result;
  const source = String(result.source);
  if (!appendLink.test(source)) {
    throw new Error('bench/preloads/auditChainHooks.mjs: no `async function appendLink(trx, cursor, input) {` in dist/bff.mjs; bff/store/audit.ts changed, update the hook');
  }
  return { ...result, source: source.replace(appendLink, (_line, name) => plainInsert(name)) };
}

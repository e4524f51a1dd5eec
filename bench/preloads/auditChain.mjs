// `node --import ./bench/preloads/auditChain.mjs dist/bff.mjs`: the bench's "without the hash chain"
// arm (issue 13). With BENCH_AUDIT_CHAIN=off (an env var no server code reads) the store's audit
// append becomes a plain INSERT: no chain-head row read and moved, no hash. The bundle's exports
// cannot be patched from outside (ES module bindings are read-only), so a load hook rewrites
// appendLink in the bundle's source as it is loaded (auditChainHooks.mjs). Both arms load this
// preload, so they differ in nothing but the patch.
import { register } from 'node:module';

register('./auditChainHooks.mjs', import.meta.url, { data: { plain: process.env.BENCH_AUDIT_CHAIN === 'off' } });

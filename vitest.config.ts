import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['bff/**/*.test.ts', 'protocol/**/*.test.ts', 'web/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests start real servers; two cores do not like them in parallel.
    fileParallelism: false,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['bff/**/*.test.ts', 'protocol/**/*.test.ts', 'web/**/*.test.ts', 'bench/**/*.test.ts'],
    // Closes what the bff/testing helpers opened after each test, passed or failed.
    setupFiles: ['bff/testing/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests start real servers; two cores do not like them in parallel.
    fileParallelism: false,
  },
});

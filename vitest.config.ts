import { defineConfig } from 'vitest/config';

// One runner for every layer. Integration and browser tests start real local services
// (DynamoDB Local's JVM, Chromium), so they get generous timeouts and the worker count
// stays at the machine's two cores.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

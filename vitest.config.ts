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
    // Hooks start the stacks: a local stack (or Chromium and a stack) took 50-55 s to start in a clean-clone CI run
    // beside the other worker, against 10 s alone, and a start whose free port was taken meanwhile starts again.
    hookTimeout: 240_000,
  },
});

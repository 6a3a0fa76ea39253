import { defineConfig } from 'vitest/config';

// The coding agents run as real processes in Node (not in workerd): the last stage of `npm test`
// (scripts/test-agents.mjs), one file at a time; every agent run is bounded by harness/run-agent.ts.
export default defineConfig({
  test: {
    root: `${import.meta.dirname}/../..`,
    include: ['test/agents/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    globalSetup: ['test/agents/harness/global-setup.ts'],
  },
});

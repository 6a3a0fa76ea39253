import { defineConfig } from 'vitest/config';

// Load through the running gateway: the bundled worker served by Miniflare on a loopback socket,
// driven from Node with many overlapping requests (a stage of `npm test` after the workerd pool).
export default defineConfig({
  test: {
    root: `${import.meta.dirname}/../..`,
    include: ['test/load/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // The same one-bundle-per-run set-up as the coding agents' stage.
    globalSetup: ['test/agents/harness/global-setup.ts'],
  },
});

import { defineConfig } from 'vitest/config';

// The console in real headless Chromium (playwright-core) against the gateway served by Miniflare on
// loopback, its assets included (scripts/test-browser.mjs runs this after `npm run build:assets`).
export default defineConfig({
  test: {
    root: `${import.meta.dirname}/../..`,
    include: ['test/console/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // The same one-bundle-per-run set-up as the coding agents' stage.
    globalSetup: ['test/agents/harness/global-setup.ts'],
  },
});

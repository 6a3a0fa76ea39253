import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { configDefaults, defineConfig } from 'vitest/config';
import path from 'node:path';

const migrations = await readD1Migrations(path.join(import.meta.dirname, 'migrations'));

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        bindings: {
          GATEWAY_ADMIN_TOKEN: 'test-admin-token',
          TEST_MIGRATIONS: migrations,
          // Rows reach D1 within tens of milliseconds, so tests wait little.
          USAGE_BATCH_WINDOW_MS: '10',
        },
        queueConsumers: {
          'llm-gateway-usage-dev': { maxBatchSize: 100, maxBatchTimeout: 0, maxRetries: 10 },
        },
      },
    }),
  ],
  test: {
    // Run in Node, in npm test's later stages: the OpenAPI document (test/openapi/vitest.config.ts),
    // the console's data shaping (console/vitest.config.ts), and against the gateway on a socket the
    // load test (test/load/vitest.config.ts), the console in Chromium (test/console/vitest.config.ts)
    // and the coding agents (scripts/test-agents.mjs).
    exclude: [
      ...configDefaults.exclude,
      'test/agents/**',
      'test/load/**',
      'test/openapi/**',
      'test/console/**',
      'console/**',
    ],
    setupFiles: ['./test/setup/apply-migrations.ts'],
    testTimeout: 20_000,
  },
});

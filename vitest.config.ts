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
        },
      },
    }),
  ],
  test: {
    // The coding agents run as real processes in Node, in npm test's last stage (scripts/test-agents.mjs).
    exclude: [...configDefaults.exclude, 'test/agents/**'],
    setupFiles: ['./test/setup/apply-migrations.ts'],
    testTimeout: 20_000,
  },
});

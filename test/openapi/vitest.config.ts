import { defineConfig } from 'vitest/config';

// The OpenAPI document is built in Node at build time (scripts/build-openapi.mjs), and its
// validator runs in Node: these tests run there, a stage of `npm test` after the workerd pool.
export default defineConfig({
  test: {
    root: `${import.meta.dirname}/../..`,
    include: ['test/openapi/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});

import { defineConfig } from 'vitest/config';

// The coding agents run as real processes in Node (not in workerd): `npm run test:agents`.
export default defineConfig({
  test: {
    root: import.meta.dirname + '/../..',
    include: ['test/agents/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});

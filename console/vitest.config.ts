import { defineConfig } from 'vitest/config';

// The console's pure data shaping (src/lib/), in Node: no browser, no gateway.
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['test/**/*.test.ts'],
    environment: 'node',
  },
});

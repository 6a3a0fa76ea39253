import path from 'node:path';
import { defineConfig } from 'vite';

// The console is served by Workers Static Assets under /console/ (see wrangler.toml); every
// file it needs is bundled here, so the page makes no request outside the gateway.
export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  publicDir: false,
  // Preact's JSX runtime through esbuild/oxc, without a framework plugin.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: path.join(import.meta.dirname, '../public/console'),
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
  },
});

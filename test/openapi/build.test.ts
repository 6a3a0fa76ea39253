import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain Node script, without type declarations
import { buildOpenApi } from '../../scripts/build-openapi.mjs';

const outDir = await mkdtemp(path.join(tmpdir(), 'openapi-build-'));
afterAll(() => rm(outDir, { recursive: true, force: true }));

describe('node scripts/build-openapi.mjs <outDir>', () => {
  it('writes openapi.json and the /docs page beside it', async () => {
    await buildOpenApi(outDir);
    const document = JSON.parse(await readFile(path.join(outDir, 'openapi.json'), 'utf8'));
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([{ url: '/', description: 'This gateway' }]);
    expect((await readdir(path.join(outDir, 'docs'))).sort()).toEqual([
      'docs.js',
      'index.html',
      'swagger-ui-bundle.js',
      'swagger-ui.css',
    ]);
  });

  it('loads nothing from another origin', async () => {
    const page = await readFile(path.join(outDir, 'docs/index.html'), 'utf8');
    const init = await readFile(path.join(outDir, 'docs/docs.js'), 'utf8');
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(init).toContain("url: '/openapi.json'");
    expect(init).toContain('validatorUrl: null');
    // Fonts and images of the stylesheet are inline or absent.
    const css = await readFile(path.join(outDir, 'docs/swagger-ui.css'), 'utf8');
    expect(css).not.toMatch(/@import|url\((["']?)https?:/);
  });
});

describe('the Worker', () => {
  it('never imports src/openapi (the document is built at build time, not in the bundle)', async () => {
    const files = (await readdir('src', { recursive: true })).filter(
      (f) => f.endsWith('.ts') && !f.startsWith('openapi'),
    );
    for (const file of files) {
      const source = await readFile(path.join('src', file), 'utf8');
      expect(source, file).not.toMatch(/'(\.{1,2}\/)+openapi\//);
    }
  });
});

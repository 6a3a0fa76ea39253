// Writes the OpenAPI document (<outDir>/openapi.json) and the interactive reference served at /docs
// (<outDir>/docs/) for Workers Static Assets. Build time only: the Worker's bundle has none of it.
//   node scripts/build-openapi.mjs <outDir>
// The document is built by src/openapi/document.ts from the zod schemas the control plane
// validates with; esbuild bundles that TypeScript (with its zod and config imports) for Node first.

import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** The document as an object, from src/openapi/document.ts. */
export async function openApiDocument() {
  const dir = await mkdtemp(path.join(tmpdir(), 'openapi-'));
  try {
    const outfile = path.join(dir, 'document.mjs');
    await build({
      entryPoints: [path.join(root, 'src/openapi/document.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile,
      logLevel: 'warning',
    });
    const module = await import(pathToFileURL(outfile).href);
    return module.openApiDocument();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const swaggerUi = path.dirname(
  createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'),
);
/** Swagger UI's prebuilt bundle and style, and our page that points it at /openapi.json. */
const DOCS_FILES = [
  [path.join(swaggerUi, 'swagger-ui-bundle.js'), 'swagger-ui-bundle.js'],
  [path.join(swaggerUi, 'swagger-ui.css'), 'swagger-ui.css'],
  [path.join(root, 'scripts/openapi-docs/index.html'), 'index.html'],
  [path.join(root, 'scripts/openapi-docs/docs.js'), 'docs.js'],
];

export async function buildOpenApi(outDir) {
  const document = await openApiDocument();
  await mkdir(path.join(outDir, 'docs'), { recursive: true });
  await writeFile(path.join(outDir, 'openapi.json'), `${JSON.stringify(document, null, 2)}\n`);
  for (const [from, to] of DOCS_FILES) await copyFile(from, path.join(outDir, 'docs', to));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const outDir = process.argv[2];
  if (!outDir) {
    console.error('usage: node scripts/build-openapi.mjs <outDir>');
    process.exit(2);
  }
  await buildOpenApi(path.resolve(outDir));
  console.log(`wrote ${path.join(outDir, 'openapi.json')} and ${path.join(outDir, 'docs/')}`);
}

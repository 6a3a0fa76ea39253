#!/usr/bin/env node
// npm run build:assets: everything Workers Static Assets serves from public/ (wrangler.toml [assets]),
// rebuilt from scratch so no stale file survives: the console (console/, a Vite build) into
// public/console/, and the OpenAPI document and its reference page (scripts/build-openapi.mjs).
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { buildOpenApi } from './build-openapi.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const publicDir = path.join(root, 'public');

await rm(publicDir, { recursive: true, force: true });
await build({ configFile: path.join(root, 'console/vite.config.ts'), logLevel: 'warn' });
await buildOpenApi(publicDir);
console.log(`assets built into ${path.relative(process.cwd(), publicDir) || '.'}/`);

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
// @ts-expect-error: a plain .mjs module shared with the benchmark
import { buildGateway } from '../../../scripts/local-gateway.mjs';

// The gateway is bundled once per run; every test file serves that bundle in its own Miniflare.

declare module 'vitest' {
  export interface ProvidedContext {
    gatewayBundle: string;
  }
}

export default function setup(project: TestProject) {
  const outDir = mkdtempSync(path.join(tmpdir(), 'gateway-bundle-'));
  buildGateway(outDir);
  project.provide('gatewayBundle', outDir);
}

import { describe, expect, it } from 'vitest';
import { app } from '../../src/app';
import { openApiDocument } from '../../src/openapi/document';

// The document must describe every route the Worker serves, and nothing it does not. Both sides
// come from the real thing: the Hono app's registered routes and the built document's paths.

/**
 * One spelling for both: a path parameter, Hono's `:target` or OpenAPI's `{model}:method` (Gemini
 * serves `models/{model}:generateContent` and friends through one `:target` route), becomes `*`;
 * a trailing slash is dropped (the Anthropic probe answers with and without it).
 */
const shape = (method: string, path: string) =>
  `${method.toUpperCase()} ${path
    .split('/')
    .map((segment) => (segment.startsWith(':') || segment.startsWith('{') ? '*' : segment))
    .join('/')
    .replace(/(.)\/$/, '$1')}`;

const served = new Set(
  app.routes.filter((r) => r.method !== 'ALL').map((r) => shape(r.method, r.path)),
);
const paths = (openApiDocument() as { paths: Record<string, Record<string, unknown>> }).paths;
const documented = new Set(
  Object.entries(paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => shape(m, path))),
);

describe('the OpenAPI route table', () => {
  it('documents every route the app serves', () => {
    expect([...served].filter((r) => !documented.has(r))).toEqual([]);
  });

  it('documents no route the app does not serve', () => {
    expect([...documented].filter((r) => !served.has(r))).toEqual([]);
  });

  it('knows the app has routes (the comparison is not vacuous)', () => {
    expect(served.size).toBeGreaterThan(40);
    expect(served).toContain('PUT /api/2.0/serving-endpoints/*/ai-gateway');
  });
});

import { CONTROL_PLANE } from './control-plane-routes';
import { DATA_PLANE } from './data-plane-routes';
import type { RouteDoc } from './types';

// Every route the Worker serves, as the OpenAPI document (document.ts) describes it. The route
// test (test/openapi/routes.test.ts) fails when the app serves a route this table lacks.

export const ROUTES: readonly RouteDoc[] = [
  {
    tag: 'Health',
    auth: 'none',
    errors: 'openai',
    method: 'get',
    path: '/health',
    summary: 'Liveness',
    response: { kind: 'json', schema: 'Health', description: 'Up.' },
  },
  ...DATA_PLANE,
  ...CONTROL_PLANE,
];

import { Hono } from 'hono';
import { endpointRoutes } from './control/endpoints';
import { permissionRoutes } from './control/permissions';
import { secretRoutes } from './control/secrets';
import { tokenRoutes } from './control/tokens';
import { usageRoutes } from './control/usage';
import { usageSummaryRoutes } from './control/usage-summary';
import { usageExportRoutes } from './control/usage-export';
import { usageDeadLetterRoutes } from './control/usage-dead-letters';
import { inferenceRoutes } from './control/inference';
import { meRoutes } from './control/me';
import { anthropicFrontDoor } from './dialects/anthropic';
import { databricksControlFrontDoor } from './dialects/databricks-control';
import { geminiFrontDoor } from './dialects/gemini';
import { openAIFrontDoor } from './dialects/openai';
import type { FrontDoor } from './dialects/types';
import type { AppEnv } from './env';
import { requireAuth } from './gateway/auth';
import { GatewayError } from './gateway/errors';
import { anthropicProbeRoutes, anthropicRoutes } from './routes/anthropic';
import { errorResponse } from './routes/error-response';
import { geminiRoutes } from './routes/gemini';
import { modelRoutes } from './routes/models';
import { openAIRoutes } from './routes/openai';
import { responsesRoutes } from './routes/responses';
import { servingRoutes } from './routes/serving';

export const app = new Hono<AppEnv>();

/** Each base URL's dialect (src/dialects/): the shape of its errors and where its callers put the token. */
const FRONT_DOORS: ReadonlyArray<readonly [string, FrontDoor]> = [
  ['/api', databricksControlFrontDoor],
  ['/ai-gateway/mlflow/v1', openAIFrontDoor],
  ['/ai-gateway/openai/v1', openAIFrontDoor],
  ['/serving-endpoints', openAIFrontDoor],
  ['/ai-gateway/anthropic', anthropicFrontDoor],
  ['/ai-gateway/gemini', geminiFrontDoor],
];

/** The front door of the base URL `path` is under; paths under none answer in OpenAI's shape. */
function frontDoorOf(path: string): FrontDoor {
  for (const [base, door] of FRONT_DOORS)
    if (path.startsWith(base) && (path.length === base.length || path[base.length] === '/'))
      return door;
  return openAIFrontDoor;
}

// One middleware before auth, which takes the token where the front door says and answers in its shape.
app.use('*', async (c, next) => {
  c.set('requestId', crypto.randomUUID());
  c.set('frontDoor', frontDoorOf(c.req.path));
  await next();
});

app.get('/health', (c) => c.json({ status: 'ok' }));

// Before auth: Claude Code's credential-less HEAD probe of its base URL.
app.route('/', anthropicProbeRoutes);

for (const prefix of ['/api/*', '/ai-gateway/*', '/serving-endpoints/*'])
  app.use(prefix, requireAuth);

app.route('/', secretRoutes);
app.route('/', tokenRoutes);
app.route('/', endpointRoutes);
app.route('/', permissionRoutes);
app.route('/', usageRoutes);
app.route('/', usageSummaryRoutes);
app.route('/', usageExportRoutes);
app.route('/', usageDeadLetterRoutes);
app.route('/', inferenceRoutes);
app.route('/', meRoutes);
app.route('/', modelRoutes);
app.route('/', openAIRoutes);
app.route('/', anthropicRoutes);
app.route('/', responsesRoutes);
app.route('/', servingRoutes);
app.route('/', geminiRoutes);

/**
 * A browser opening the gateway's root lands on the console (static assets under /console/).
 * Decided here rather than as a route: `/` is no API route (the OpenAPI route table stays the
 * API's), and every other client keeps the JSON 404 of an unknown path.
 */
const isBrowserAtRoot = (req: Request) =>
  req.method === 'GET' &&
  new URL(req.url).pathname === '/' &&
  (req.headers.get('accept') ?? '').includes('text/html');

app.notFound((c) =>
  isBrowserAtRoot(c.req.raw)
    ? c.redirect('/console/', 302)
    : errorResponse(
        c,
        new GatewayError({
          status: 404,
          message: `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`,
          code: 'NOT_FOUND',
        }),
      ),
);
app.onError((err, c) => errorResponse(c, err));

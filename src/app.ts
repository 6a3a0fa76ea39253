import { Hono } from 'hono';
import { endpointRoutes } from './control/endpoints';
import { permissionRoutes } from './control/permissions';
import { secretRoutes } from './control/secrets';
import { tokenRoutes } from './control/tokens';
import { usageRoutes } from './control/usage';
import { usageSummaryRoutes } from './control/usage-summary';
import { inferenceRoutes } from './control/inference';
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

app.use('*', async (c, next) => {
  c.set('requestId', crypto.randomUUID());
  await next();
});

app.get('/health', (c) => c.json({ status: 'ok' }));

// Before auth: Claude Code's credential-less HEAD probe of its base URL.
app.route('/', anthropicProbeRoutes);

for (const prefix of ['/api/*', '/ai-gateway/*', '/serving-endpoints/*']) app.use(prefix, requireAuth);

app.route('/', secretRoutes);
app.route('/', tokenRoutes);
app.route('/', endpointRoutes);
app.route('/', permissionRoutes);
app.route('/', usageRoutes);
app.route('/', usageSummaryRoutes);
app.route('/', inferenceRoutes);
app.route('/', modelRoutes);
app.route('/', openAIRoutes);
app.route('/', anthropicRoutes);
app.route('/', responsesRoutes);
app.route('/', servingRoutes);
app.route('/', geminiRoutes);

app.notFound((c) => errorResponse(c, new GatewayError(404, `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`, 'NOT_FOUND')));
app.onError((err, c) => errorResponse(c, err));

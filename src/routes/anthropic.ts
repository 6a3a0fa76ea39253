import { Hono } from 'hono';
import { anthropicCountTokens, anthropicMessages } from '../dialects/anthropic';
import type { AppEnv } from '../env';
import { handleChat } from '../gateway/chat';
import { handleCountTokens } from '../gateway/count-tokens';
import { readJsonBody } from './body';

// The Anthropic front door: /ai-gateway/anthropic/v1/messages (and count_tokens), `model`
// naming the endpoint. Query parameters such as ?beta=true are accepted and ignored.

const modelOf = (body: unknown) => String((body as { model?: unknown } | null)?.model ?? '');

export const anthropicRoutes = new Hono<AppEnv>();

anthropicRoutes.post('/ai-gateway/anthropic/v1/messages', async (c) => {
  const body = await readJsonBody(c, anthropicMessages.apiType);
  return handleChat(c, anthropicMessages, modelOf(body), body);
});

anthropicRoutes.post('/ai-gateway/anthropic/v1/messages/count_tokens', async (c) => {
  const body = await readJsonBody(c, anthropicCountTokens.apiType);
  return handleCountTokens(c, anthropicCountTokens, modelOf(body), body);
});

/** Claude Code probes its base URL with a HEAD and no credentials before its first call. */
export const anthropicProbeRoutes = new Hono<AppEnv>();
for (const path of ['/ai-gateway/anthropic', '/ai-gateway/anthropic/'])
  anthropicProbeRoutes.get(path, (c) => c.body(null, 200));

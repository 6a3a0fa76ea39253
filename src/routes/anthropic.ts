import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env';
import {
  decodeAnthropicUsage,
  decodeAnthropicUsagePartial,
  decodeMessagesRequest,
  encodeAnthropicError,
  encodeMessagesResponse,
  anthropicStreamDecoder,
  anthropicStreamEncoder,
} from '../formats/anthropic-messages';
import { parseJsonData, sseFrame } from '../formats/sse';
import { handleChat } from '../gateway/chat';
import { handleCountTokens, type CountTokensDialect } from '../gateway/count-tokens';
import type { ChatDialect } from '../gateway/dialect';
import { estimateTokens } from '../gateway/usage';
import { readJsonBody } from './body';

// The Anthropic front door: /ai-gateway/anthropic/v1/messages (and count_tokens), `model`
// naming the endpoint. Query parameters such as ?beta=true are accepted and ignored.

export const anthropicDialect: ChatDialect = {
  apiType: 'anthropic/messages',
  wireFormat: 'anthropic',
  nativeOperation: 'messages',
  decode: (body) => decodeMessagesRequest(body),
  encodeResponse: (res, _req, model) => encodeMessagesResponse(res, model),
  streamEncoder: (req, model) => anthropicStreamEncoder(req, model, { estimatedInputTokens: estimateTokens(JSON.stringify(req.messages)) }),
  streamDecoder: anthropicStreamDecoder,
  passthrough: {
    prepare: (body) => ({ body, stream: body.stream === true, hideUsageFrames: false }),
    usageFromJson: (json) => decodeAnthropicUsage(json?.usage),
    // Usage rides on message_start and message_delta only; skip parsing every other frame.
    usageFromMessage(m) {
      if (m.event === 'message_start') return decodeAnthropicUsagePartial(parseJsonData(m.data)?.message?.usage);
      if (m.event === 'message_delta') return decodeAnthropicUsagePartial(parseJsonData(m.data)?.usage);
      return undefined;
    },
    errorFrame: (error) => sseFrame(encodeAnthropicError(error), 'error'),
    isFinalMessage: (m) => m.event === 'message_stop',
  },
};

const anthropicCountTokens: CountTokensDialect = {
  apiType: 'anthropic/count_tokens',
  decode: (body) => decodeMessagesRequest(body, { requireMaxTokens: false }),
  native: { wireFormat: 'anthropic', op: 'count_tokens', read: (json) => json?.input_tokens },
  encode: (count) => ({ input_tokens: count }),
};

/** The caller's Anthropic headers an Anthropic provider should see (version, betas). */
function callerHeaders(c: Context): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of ['anthropic-version', 'anthropic-beta']) {
    const value = c.req.header(name);
    if (value) headers[name] = value;
  }
  return headers;
}

const modelOf = (body: unknown) => String((body as { model?: unknown } | null)?.model ?? '');

export const anthropicRoutes = new Hono<AppEnv>();

anthropicRoutes.post('/ai-gateway/anthropic/v1/messages', async (c) => {
  const body = await readJsonBody(c, anthropicDialect.apiType);
  const headers = callerHeaders(c);
  const dialect: ChatDialect = {
    ...anthropicDialect,
    decode: (raw) => {
      const req = anthropicDialect.decode(raw);
      if (Object.keys(headers).length) req.extra.headers = { ...req.extra.headers, ...headers };
      return req;
    },
  };
  return handleChat(c, dialect, modelOf(body), body);
});

anthropicRoutes.post('/ai-gateway/anthropic/v1/messages/count_tokens', async (c) => {
  const body = await readJsonBody(c, anthropicCountTokens.apiType);
  return handleCountTokens(c, anthropicCountTokens, modelOf(body), body, callerHeaders(c));
});

/** Claude Code probes its base URL with a HEAD and no credentials before its first call. */
export const anthropicProbeRoutes = new Hono<AppEnv>();
for (const path of ['/ai-gateway/anthropic', '/ai-gateway/anthropic/']) anthropicProbeRoutes.get(path, (c) => c.body(null, 200));

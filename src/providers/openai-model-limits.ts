import { GatewayError } from '../gateway/errors';

// A translated request carries what the caller's dialect asked for (Claude Code always sends
// `output_config.effort` and `max_tokens: 32000`), but the OpenAI-format model behind the endpoint
// may not take it: gpt-4o answers 400 to `reasoning_effort` and to more output tokens than it
// has. What the model refused is learned from its 400, the request retried once without it, and
// remembered per isolate so later requests to the same model go right the first time.

interface ModelLimits {
  noReasoningEffort?: true;
  maxOutputTokens?: number;
}

const learned = new Map<string, ModelLimits>();
const MAX_TOKENS_FIELDS = ['max_tokens', 'max_completion_tokens'] as const;

/** The body with what this model is known to refuse taken out. */
export function withinKnownLimits(
  modelKey: string,
  body: Record<string, unknown>,
): Record<string, unknown> {
  const limits = learned.get(modelKey);
  return limits ? applyLimits(body, limits) : body;
}

/**
 * When `err` is the model refusing a translated field of `body`, learns that and answers the body
 * to retry with; otherwise undefined (the error stands).
 */
export function adjustAfterRefusal(
  modelKey: string,
  body: Record<string, unknown>,
  err: unknown,
): Record<string, unknown> | undefined {
  if (!(err instanceof GatewayError) || err.upstreamStatus !== 400) return undefined;
  const limits = refusedLimits(body, err);
  if (!limits) return undefined;
  learned.set(modelKey, { ...learned.get(modelKey), ...limits });
  return applyLimits(body, limits);
}

function refusedLimits(body: Record<string, unknown>, err: GatewayError): ModelLimits | undefined {
  const names = (field: string) => err.param === field || err.message.includes(field);
  if (body.reasoning_effort !== undefined && names('reasoning_effort'))
    return { noReasoningEffort: true };
  for (const field of MAX_TOKENS_FIELDS) {
    // OpenAI: "max_tokens is too large: 32000. This model supports at most 16384 completion tokens, …"
    const most = /at most (\d+)/.exec(err.message);
    const sent = body[field];
    if (typeof sent === 'number' && names(field) && most && Number(most[1]) < sent)
      return { maxOutputTokens: Number(most[1]) };
  }
  return undefined;
}

function applyLimits(body: Record<string, unknown>, limits: ModelLimits): Record<string, unknown> {
  const out = { ...body };
  if (limits.noReasoningEffort) delete out.reasoning_effort;
  if (limits.maxOutputTokens !== undefined) {
    for (const field of MAX_TOKENS_FIELDS) {
      const sent = out[field];
      if (typeof sent === 'number' && sent > limits.maxOutputTokens)
        out[field] = limits.maxOutputTokens;
    }
  }
  return out;
}

import type { ChatRequest, TextPart } from '../canonical';
import {
  expectObject,
  InvalidRequest,
  optionalNumber,
  optionalString,
  stopSequences,
} from '../invalid-request';
import { encodeSampling, wantsUsage } from '../openai-chat';

// Legacy Completions request ↔ canonical chat request: the prompt becomes one user message.

const KNOWN = new Set([
  'model',
  'prompt',
  'max_tokens',
  'temperature',
  'top_p',
  'n',
  'stop',
  'seed',
  'stream',
  'stream_options',
  'user',
  'echo',
  'suffix',
  'logprobs',
  'best_of',
]);

export function decodeCompletionRequest(raw: unknown): ChatRequest {
  const body = expectObject(raw, 'body');
  if (body.prompt === undefined || body.prompt === null)
    throw new InvalidRequest('is required', 'prompt');
  const prompt =
    Array.isArray(body.prompt) && typeof body.prompt[0] === 'string' ? body.prompt[0] : body.prompt;
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) if (!KNOWN.has(k) && v !== undefined) extra[k] = v;
  return {
    model: optionalString(body.model, 'model') ?? '',
    messages: [
      { role: 'user', content: [{ type: 'text', text: typeof prompt === 'string' ? prompt : '' }] },
    ],
    stream: body.stream === true,
    includeUsage: wantsUsage(body.stream_options),
    maxTokens: optionalNumber(body.max_tokens, 'max_tokens'),
    temperature: optionalNumber(body.temperature, 'temperature'),
    topP: optionalNumber(body.top_p, 'top_p'),
    stop: stopSequences(body.stop, 'stop'),
    n: optionalNumber(body.n, 'n'),
    seed: optionalNumber(body.seed, 'seed'),
    user: optionalString(body.user, 'user'),
    extra: Object.keys(extra).length ? { openai: extra } : {},
  };
}

/**
 * What only an OpenAI-format provider can do with a completions body: several prompts, token ids,
 * echo, suffix, best_of. A 400 naming the field when the request has to be translated.
 */
export function checkCompletionTranslatable(raw: unknown): void {
  const body = expectObject(raw, 'body');
  const prompt = body.prompt;
  if (Array.isArray(prompt) && (prompt.length !== 1 || typeof prompt[0] !== 'string')) {
    throw new InvalidRequest(
      'this provider takes one prompt string per request (no token ids or prompt lists)',
      'prompt',
    );
  }
  if (typeof prompt !== 'string' && !Array.isArray(prompt))
    throw new InvalidRequest('must be a string', 'prompt');
  if (body.echo === true)
    throw new InvalidRequest('echo is only supported by OpenAI-format providers', 'echo');
  if (body.suffix)
    throw new InvalidRequest('suffix is only supported by OpenAI-format providers', 'suffix');
  if (typeof body.best_of === 'number' && body.best_of > 1)
    throw new InvalidRequest('best_of is only supported by OpenAI-format providers', 'best_of');
}

export function encodeCompletionRequest(req: ChatRequest, model: string): Record<string, unknown> {
  const prompt = req.messages
    .flatMap((m) => m.content.filter((p): p is TextPart => p.type === 'text').map((p) => p.text))
    .join('\n\n');
  const body: Record<string, unknown> = { model, prompt, ...encodeSampling(req) };
  if (req.stream) body.stream = true;
  if (req.includeUsage) body.stream_options = { include_usage: true };
  return { ...body, ...(req.extra.openai ?? {}) };
}

// What the benchmark compares. The first target of each group is the baseline (the bare
// passthrough worker); a target whose endpoint or route is missing in this build is skipped.
import { STREAM_CHUNKS } from './fake-provider.mjs';

const openaiBody = (model, stream) => JSON.stringify({ model, stream, messages: [{ role: 'user', content: 'Say hello.' }], ...(stream ? { stream_options: { include_usage: true } } : {}) });
const anthropicBody = (model, stream) => JSON.stringify({ model, stream, max_tokens: 256, messages: [{ role: 'user', content: 'Say hello.' }] });
const json = { 'content-type': 'application/json' };

function targets(stream) {
  return ({ gateway, bare, token, endpoints }) => {
    const auth = { ...json, authorization: `Bearer ${token}` };
    const anthropicAuth = { ...json, authorization: `Bearer ${token}`, 'anthropic-version': '2023-06-01' };
    const has = (e) => endpoints.includes(e);
    return [
      { label: 'bare passthrough worker (OpenAI)', url: `${bare}/bare/v1/chat/completions`, headers: json, body: openaiBody('gpt-bench', stream) },
      has('bench-openai') && { label: 'gateway OpenAI → openai (passthrough)', url: `${gateway}/ai-gateway/mlflow/v1/chat/completions`, headers: auth, body: openaiBody('bench-openai', stream) },
      has('bench-limited') && { label: 'gateway OpenAI → openai + rate limit check', url: `${gateway}/ai-gateway/mlflow/v1/chat/completions`, headers: auth, body: openaiBody('bench-limited', stream) },
      has('bench-anthropic') && { label: 'gateway OpenAI → anthropic (translated)', url: `${gateway}/ai-gateway/mlflow/v1/chat/completions`, headers: auth, body: openaiBody('bench-anthropic', stream) },
      has('bench-openai') && { label: 'gateway Anthropic → openai (translated)', url: `${gateway}/ai-gateway/anthropic/v1/messages`, headers: anthropicAuth, body: anthropicBody('bench-openai', stream), optional: true },
      has('bench-anthropic') && { label: 'gateway Anthropic → anthropic (passthrough)', url: `${gateway}/ai-gateway/anthropic/v1/messages`, headers: anthropicAuth, body: anthropicBody('bench-anthropic', stream), optional: true },
    ];
  };
}

export const CASES = [
  { title: 'Chat, one JSON response (per request)', targets: targets(false) },
  { title: `Chat stream of ${STREAM_CHUNKS} chunks (to the last byte)`, chunks: STREAM_CHUNKS, targets: targets(true) },
];

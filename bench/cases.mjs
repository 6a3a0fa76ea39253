// What the benchmark compares. The first target of each group is the baseline (the bare
// passthrough worker); a target whose endpoint or route is missing in this build is skipped.
import { chunksMarker, megabytesMarker, STREAM_CHUNKS } from './fake-provider.mjs';

/** The prompt; `chunks`, when given, is how many pieces the fake provider streams back (or a marker). */
const prompt = (chunks) =>
  typeof chunks === 'string'
    ? `Say hello. ${chunks}`
    : chunks
      ? `Say hello. ${chunksMarker(chunks)}`
      : 'Say hello.';
const openaiBody = (model, stream, chunks, usage = true) =>
  JSON.stringify({
    model,
    stream,
    messages: [{ role: 'user', content: prompt(chunks) }],
    ...(stream && usage ? { stream_options: { include_usage: true } } : {}),
  });
const anthropicBody = (model, stream, chunks) =>
  JSON.stringify({
    model,
    stream,
    max_tokens: 256,
    messages: [{ role: 'user', content: prompt(chunks) }],
  });
const geminiBody = (chunks) =>
  JSON.stringify({ contents: [{ role: 'user', parts: [{ text: prompt(chunks) }] }] });
const json = { 'content-type': 'application/json' };
const PASSTHROUGH = 'gateway OpenAI → openai (passthrough)';

/** The gateway's own features on the OpenAI and Anthropic routes. */
function features(stream) {
  return ({ gateway, bare, token, endpoints }) => {
    const auth = { ...json, authorization: `Bearer ${token}` };
    const anthropicAuth = {
      ...json,
      authorization: `Bearer ${token}`,
      'anthropic-version': '2023-06-01',
    };
    const has = (e) => endpoints.includes(e);
    const chat = (label, endpoint) =>
      has(endpoint) && {
        label,
        url: `${gateway}/ai-gateway/mlflow/v1/chat/completions`,
        headers: auth,
        body: openaiBody(endpoint, stream),
      };
    return [
      {
        label: 'bare passthrough worker (OpenAI)',
        url: `${bare}/bare/v1/chat/completions`,
        headers: json,
        body: openaiBody('gpt-bench', stream),
      },
      chat(PASSTHROUGH, 'bench-openai'),
      chat('gateway OpenAI → openai, usage tracking off', 'bench-untracked'),
      chat('gateway OpenAI → openai + rate limit check', 'bench-limited'),
      chat('gateway OpenAI → anthropic (translated)', 'bench-anthropic'),
      has('bench-openai') && {
        label: 'gateway Anthropic → openai (translated)',
        url: `${gateway}/ai-gateway/anthropic/v1/messages`,
        headers: anthropicAuth,
        body: anthropicBody('bench-openai', stream),
      },
      has('bench-anthropic') && {
        label: 'gateway Anthropic → anthropic (passthrough)',
        url: `${gateway}/ai-gateway/anthropic/v1/messages`,
        headers: anthropicAuth,
        body: anthropicBody('bench-anthropic', stream),
      },
    ];
  };
}

/** The OpenAI dialect into every provider: signing, token and translation cost per request. */
function providers(stream) {
  return ({ gateway, bare, token, endpoints }) => {
    const auth = { ...json, authorization: `Bearer ${token}` };
    const chat = (label, endpoint) =>
      endpoints.includes(endpoint) && {
        label,
        url: `${gateway}/ai-gateway/mlflow/v1/chat/completions`,
        headers: auth,
        body: openaiBody(endpoint, stream),
      };
    return [
      {
        label: 'bare passthrough worker (OpenAI)',
        url: `${bare}/bare/v1/chat/completions`,
        headers: json,
        body: openaiBody('gpt-bench', stream),
      },
      chat(PASSTHROUGH, 'bench-openai'),
      chat('→ Azure OpenAI, api key', 'bench-azure'),
      chat('→ Azure OpenAI, Entra ID token (cached)', 'bench-azure-entra'),
      chat('→ Anthropic (translated)', 'bench-anthropic'),
      chat('→ Bedrock Converse (SigV4, translated)', 'bench-bedrock'),
      chat('→ Vertex Gemini (Google token, translated)', 'bench-vertex-gemini'),
      chat('→ Vertex Claude (Google token, translated)', 'bench-vertex-claude'),
      chat('→ Cohere v2 (translated)', 'bench-cohere'),
    ];
  };
}

export const CASES = [
  { title: 'Chat, one JSON response (per request)', targets: features(false) },
  {
    title: `Chat stream of ${STREAM_CHUNKS} chunks (to the last byte)`,
    chunks: STREAM_CHUNKS,
    targets: features(true),
  },
  {
    title: 'OpenAI chat into each provider, one JSON response',
    reference: PASSTHROUGH,
    targets: providers(false),
  },
  {
    title: `OpenAI chat into each provider, stream of ${STREAM_CHUNKS} chunks`,
    chunks: STREAM_CHUNKS,
    reference: PASSTHROUGH,
    targets: providers(true),
  },
];

/**
 * The baselines: the bare worker returning fetch's response, relaying the body through JS, and
 * (with `translating`) parsing and re-serialising every event: the floor of any translation.
 */
const bareWorkers = (bare, body, translating = false) => [
  {
    label: 'bare passthrough worker (OpenAI)',
    url: `${bare}/bare/v1/chat/completions`,
    headers: json,
    body,
  },
  {
    label: 'bare worker, body relayed through JS',
    url: `${bare}/relay/v1/chat/completions`,
    headers: json,
    body,
  },
  translating && {
    label: 'bare worker, each event parsed and re-serialised',
    url: `${bare}/translate/v1/chat/completions`,
    headers: json,
    body,
  },
];

/**
 * The hot paths alone, for the concurrent mode and the stream-length rows: the bare worker, the
 * OpenAI passthrough with and without usage tracking, and a translation each way.
 */
function hotPaths(stream, chunks) {
  return ({ gateway, bare, token, endpoints }) => {
    const auth = { ...json, authorization: `Bearer ${token}` };
    const has = (e) => endpoints.includes(e);
    const chat = (label, endpoint) =>
      has(endpoint) && {
        label,
        url: `${gateway}/ai-gateway/mlflow/v1/chat/completions`,
        headers: auth,
        body: openaiBody(endpoint, stream, chunks),
      };
    return [
      ...bareWorkers(bare, openaiBody('gpt-bench', stream, chunks), true),
      chat(PASSTHROUGH, 'bench-openai'),
      chat('gateway OpenAI → openai, usage tracking off', 'bench-untracked'),
      chat('gateway OpenAI → anthropic (translated)', 'bench-anthropic'),
      has('bench-openai') && {
        label: 'gateway Anthropic → openai (translated)',
        url: `${gateway}/ai-gateway/anthropic/v1/messages`,
        headers: { ...auth, 'anthropic-version': '2023-06-01' },
        body: anthropicBody('bench-openai', stream, chunks),
      },
      has('bench-bedrock') && {
        label: 'gateway Gemini → bedrock (translated)',
        url: `${gateway}/ai-gateway/gemini/v1beta/models/bench-bedrock:${stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`,
        headers: { ...json, 'x-goog-api-key': token },
        body: geminiBody(chunks),
      },
    ];
  };
}

/** Concurrent mode: requests/s and p50 latency at a fixed concurrency, one JSON response each. */
export const CONCURRENT = {
  title: 'Chat, one JSON response, under concurrency',
  targets: hotPaths(false),
};

/** Streams of these lengths: time to first byte, first to last byte, and requests/s under concurrency. */
export const STREAM_ROWS = [50, 500].map((chunks) => ({
  title: `Chat stream of ${chunks} chunks: first byte, first → last byte, under concurrency`,
  chunks,
  targets: hotPaths(true, chunks),
}));

/** A long stream relayed whole: the isolate's peak memory while it passes (BENCH_STREAM_MB). */
export function longStream(megabytes) {
  const marker = megabytesMarker(megabytes);
  return {
    title: `A stream of ${megabytes} MiB relayed: peak memory of the worker's process`,
    targets: ({ gateway, bare, token, endpoints }) => {
      const auth = { ...json, authorization: `Bearer ${token}` };
      return [
        ...bareWorkers(bare, openaiBody('gpt-bench', true, marker)),
        endpoints.includes('bench-openai') && {
          label: PASSTHROUGH,
          url: `${gateway}/ai-gateway/mlflow/v1/chat/completions`,
          headers: auth,
          body: openaiBody('bench-openai', true, marker),
        },
        endpoints.includes('bench-openai') && {
          label: 'gateway OpenAI → openai, usage chunk hidden from the caller',
          url: `${gateway}/ai-gateway/mlflow/v1/chat/completions`,
          headers: auth,
          body: openaiBody('bench-openai', true, marker, false),
        },
        endpoints.includes('bench-openai') && {
          label: 'gateway Anthropic → openai (translated)',
          url: `${gateway}/ai-gateway/anthropic/v1/messages`,
          headers: { ...auth, 'anthropic-version': '2023-06-01' },
          body: anthropicBody('bench-openai', true, marker),
        },
      ].filter(Boolean);
    },
  };
}

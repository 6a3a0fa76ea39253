// Synthetic traffic for the usage benchmark (bench/usage-pipeline.mjs): usage rows shaped like
// src/storage/usage.ts (UsageRow) and inference records like src/storage/inference.ts, from a
// seeded generator so every run stores the same bytes. A few dozen endpoints, each with one or two
// served entities; sixty requesters (people and service principals) who each use a handful of
// them; mixed statuses, streaming, tags, user agents and guardrail results.

/** mulberry32: a small seeded PRNG, so runs are comparable. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEAMS = ['search', 'support', 'billing', 'growth', 'docs', 'risk', 'mobile', 'data', 'legal'];
const USES = [
  { suffix: 'chat', api: 'chat/completions' },
  { suffix: 'assistant', api: 'responses' },
  { suffix: 'claude', api: 'anthropic/messages' },
  { suffix: 'embeddings', api: 'embeddings' },
];
const MODELS = {
  'chat/completions': [
    ['openai', 'gpt-4o-mini'],
    ['azure-openai', 'gpt-4o'],
  ],
  responses: [
    ['openai', 'gpt-5-mini'],
    ['openai', 'o4-mini'],
  ],
  'anthropic/messages': [
    ['anthropic', 'claude-sonnet-4-5'],
    ['bedrock', 'anthropic.claude-3-5-haiku-20241022-v1:0'],
  ],
  embeddings: [
    ['openai', 'text-embedding-3-small'],
    ['cohere', 'embed-english-v3.0'],
  ],
};
const FIRST = ['ana', 'ben', 'chloe', 'dev', 'eli', 'fatima', 'gus', 'hana', 'ivan', 'jun', 'kofi'];
const LAST = ['ng', 'okafor', 'silva', 'meyer', 'tanaka', 'rossi', 'kowalski', 'haddad', 'lund'];
const JOBS = ['nightly-eval', 'ticket-triage', 'indexer', 'summarizer', 'reranker'];
const AGENTS = [
  'OpenAI/Python 1.54.4',
  'AsyncOpenAI/Python 1.54.4',
  'Anthropic/Python 0.40.0',
  'ai-sdk/openai 4.0.118',
  'langchain-openai/1.6.0',
  'curl/8.5.0',
];
const FEATURES = ['rerank', 'summarize', 'classify', 'draft-reply', 'extract', 'translate'];
const ERRORS = {
  400: 'Invalid request: messages[1].content must be a string or an array of content parts',
  429: 'Rate limit exceeded for endpoint (requests per minute); retry after 2 seconds',
  499: 'Client closed the connection before the response was complete',
  500: 'Upstream provider returned an unexpected error',
  502: 'Upstream provider could not be reached: connection reset',
  503: 'All served entities failed or were unavailable',
};

const uuid = (next) =>
  Array.from({ length: 16 }, () => Math.floor(next() * 256))
    .map((b, i) => (i === 6 ? (b & 0x0f) | 0x40 : i === 8 ? (b & 0x3f) | 0x80 : b))
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')
    .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

const pick = (next, items) => items[Math.floor(next() * items.length)];
/** Roughly log-normal: most values near `median`, a long tail up to `max`. */
const skewed = (next, median, max) =>
  Math.min(max, Math.round(median * Math.exp((next() + next() + next() - 1.5) * 1.6)));

/** The key space: endpoints with their served entities, and who calls which. */
export function trafficShape({ endpoints = 36, requesters = 60, seed = 1 } = {}) {
  const next = random(seed);
  const eps = Array.from({ length: endpoints }, (_, i) => {
    const use = USES[i % USES.length];
    const team = TEAMS[Math.floor(i / USES.length) % TEAMS.length];
    const models = MODELS[use.api];
    const entities = models
      .slice(0, next() < 0.5 ? 1 : 2)
      .map(([provider, model], k) => ({ name: k ? 'fallback' : 'primary', provider, model }));
    return {
      name: `${team}-${use.suffix}${i >= TEAMS.length * USES.length ? `-${i}` : ''}`,
      id: uuid(next),
      api: use.api,
      entities,
      guardrails: next() < 0.25,
      weight: 1 / (1 + i * 0.15),
    };
  });
  const callers = Array.from({ length: requesters }, (_, i) => {
    const service = i % 4 === 3;
    const name = service
      ? `svc-${TEAMS[i % TEAMS.length]}-${JOBS[i % JOBS.length]}`
      : `${FIRST[i % FIRST.length]}.${LAST[(i * 7) % LAST.length]}${i}@example.com`;
    const uses = Array.from({ length: 2 + Math.floor(next() * 4) }, () => {
      // Popular endpoints get more callers.
      let r = next() * eps.reduce((s, e) => s + e.weight, 0);
      return eps.find((e) => (r -= e.weight) <= 0) ?? eps[0];
    });
    return {
      name,
      type: service ? 'service_principal' : 'user',
      uses,
      agent: pick(next, AGENTS),
      weight: service ? 3 : 1,
    };
  });
  return { endpoints: eps, requesters: callers };
}

function status(next) {
  const r = next();
  if (r < 0.93) return 200;
  if (r < 0.955) return 429;
  if (r < 0.97) return 400;
  if (r < 0.98) return 499;
  if (r < 0.99) return 500;
  if (r < 0.995) return 502;
  return 503;
}

/**
 * `count` usage rows with event times spread evenly over [start, end), in time order (as requests
 * finish), each called by a requester on one of its endpoints.
 */
export function usageRows(shape, count, { start, end, seed = 2 }) {
  const next = random(seed);
  const totalWeight = shape.requesters.reduce((s, r) => s + r.weight, 0);
  const rows = new Array(count);
  const step = (end - start) / count;
  for (let i = 0; i < count; i++) {
    let r = next() * totalWeight;
    const who = shape.requesters.find((q) => (r -= q.weight) <= 0) ?? shape.requesters[0];
    const endpoint = pick(next, who.uses);
    const code = status(next);
    const failedOver = endpoint.entities.length > 1 && next() < 0.04;
    const entity = endpoint.entities[failedOver ? 1 : 0];
    const embeddings = endpoint.api === 'embeddings';
    const ok = code === 200;
    const streaming = !embeddings && next() < 0.6;
    const input = code === 400 || code === 429 ? 0 : skewed(next, embeddings ? 300 : 1800, 120_000);
    const output = ok && !embeddings ? skewed(next, 350, 8000) : 0;
    const reasoning = ok && entity.model.startsWith('o4') ? Math.round(output * 0.6) : 0;
    const cacheRead = ok && next() < 0.3 ? Math.round(input * 0.7) : 0;
    const latency =
      code === 429 || code === 400
        ? skewed(next, 15, 200)
        : skewed(next, embeddings ? 120 : 2400, 120_000);
    const tags = {};
    if (next() < 0.7) tags.team = endpoint.name.split('-')[0];
    if (next() < 0.5) tags.feature = pick(next, FEATURES);
    if (next() < 0.2) tags.trace_id = uuid(next).replaceAll('-', '');
    rows[i] = {
      request_id: uuid(next),
      event_time: Math.floor(start + i * step + next() * step),
      endpoint_name: endpoint.name,
      endpoint_id: endpoint.id,
      served_entity_name: entity.name,
      provider: entity.provider,
      destination_model: entity.model,
      requester: who.name,
      requester_type: who.type,
      api_type: endpoint.api,
      status_code: code,
      input_tokens: input,
      output_tokens: output,
      total_tokens: input + output,
      cache_read_input_tokens: cacheRead,
      cache_creation_input_tokens: ok && next() < 0.05 ? Math.round(input * 0.5) : 0,
      reasoning_tokens: reasoning,
      tokens_estimated: ok && next() < 0.02,
      streaming,
      latency_ms: latency,
      time_to_first_byte_ms: streaming && ok ? Math.min(latency, skewed(next, 450, 20_000)) : null,
      fallback_attempts: failedOver ? 1 : 0,
      request_tags: tags,
      user_agent: who.agent,
      error_message: ok ? null : ERRORS[code],
      guardrail_results: endpoint.guardrails
        ? { input: { pii: { behavior: 'MASK', detected: next() < 0.1 ? { EMAIL: 1 } : {} } } }
        : null,
    };
  }
  return rows;
}

/** Prose-like text of about `bytes` characters from a small Zipf-ish vocabulary (compresses like chat text). */
export function prose(next, bytes) {
  const words = [];
  let length = 0;
  while (length < bytes) {
    // Zipf-like: word k is drawn with probability about 1/k.
    const word = VOCABULARY[Math.floor(Math.exp(next() * Math.log(VOCABULARY.length)))];
    words.push(word);
    length += word.length + 1;
  }
  return words.join(' ').slice(0, bytes);
}

const VOCABULARY = (() => {
  const next = random(7);
  const onsets = ['b', 'c', 'd', 'f', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w'];
  const nuclei = ['a', 'e', 'i', 'o', 'u', 'ea', 'ou', 'ai'];
  const codas = ['', '', 'n', 'r', 's', 't', 'nd', 'st', 'ng'];
  const syllable = () => pick(next, onsets) + pick(next, nuclei) + pick(next, codas);
  return Array.from({ length: 5000 }, () =>
    Array.from({ length: 1 + Math.floor(next() * 3) }, syllable).join(''),
  );
})();

/** The inference record of a row: chat request and answer bodies of `requestBytes` and `responseBytes`. */
export function inferenceRecord(row, next, { requestBytes, responseBytes }) {
  const request = {
    model: row.endpoint_name,
    stream: row.streaming,
    messages: [
      { role: 'system', content: 'You are a helpful assistant for the internal support desk.' },
      { role: 'user', content: prose(next, requestBytes - 160) },
    ],
  };
  const response = {
    id: `chatcmpl-${row.request_id.slice(0, 24)}`,
    object: 'chat.completion',
    model: row.destination_model,
    choices: [
      {
        index: 0,
        finish_reason: 'stop',
        message: { role: 'assistant', content: prose(next, responseBytes - 260) },
      },
    ],
    usage: { prompt_tokens: row.input_tokens, completion_tokens: row.output_tokens },
  };
  return {
    request_id: row.request_id,
    event_time: row.event_time,
    endpoint_name: row.endpoint_name,
    served_entity_name: row.served_entity_name,
    requester: row.requester,
    status_code: row.status_code,
    request_body: JSON.stringify(request),
    response_body: JSON.stringify(response),
    truncated: false,
    request_tags: row.request_tags,
    latency_ms: row.latency_ms,
    time_to_first_byte_ms: row.time_to_first_byte_ms,
  };
}

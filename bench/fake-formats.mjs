// The bench's fake answers, one per provider wire format: a short JSON reply, or a stream of
// `n` text pieces (STREAM_CHUNKS unless the request asks otherwise, see chunksAsked) with usage at
// the end. Built once per call, sent at once, so only the workers' cost is measured.
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

export const STREAM_CHUNKS = 200;
const TEXT = 'Hello from the bench.';
const pieces = (n) => Array.from({ length: n }, (_, i) => `tok${i} `);

/**
 * A stream's length is chosen per request by a marker in the prompt text, which every route and
 * translation carries to the provider unchanged (headers and model names do not survive the
 * gateway): `chunksMarker(500)` in a message makes the fake provider stream 500 pieces.
 */
export const chunksMarker = (n) => `[bench-chunks=${n}]`;
export const chunksAsked = (raw) => {
  const m = /\[bench-chunks=(\d+)\]/.exec(raw);
  return m ? Number(m[1]) : STREAM_CHUNKS;
};
const sse = (frames) => ({ type: 'text/event-stream', body: frames.join('') });
const json = (value) => ({ type: 'application/json', body: JSON.stringify(value) });

export function openaiChat(body, n = STREAM_CHUNKS) {
  const base = { id: 'chatcmpl-bench', created: 1730000000, model: body.model ?? 'deployment' };
  if (!body.stream) {
    return json({
      ...base,
      object: 'chat.completion',
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: TEXT } }],
      usage: { prompt_tokens: 12, completion_tokens: 6, total_tokens: 18 },
    });
  }
  const chunk = (delta, finish_reason = null) =>
    `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason }] })}\n\n`;
  const frames = [
    chunk({ role: 'assistant', content: '' }),
    ...pieces(n).map((content) => chunk({ content })),
    chunk({}, 'stop'),
  ];
  if (body.stream_options?.include_usage)
    frames.push(
      `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: 12, completion_tokens: n, total_tokens: 12 + n } })}\n\n`,
    );
  return sse([...frames, 'data: [DONE]\n\n']);
}

export function anthropicMessages(body, n = STREAM_CHUNKS) {
  const message = {
    id: 'msg_bench',
    type: 'message',
    role: 'assistant',
    model: body.model ?? 'claude-bench',
    stop_sequence: null,
  };
  if (!body.stream)
    return json({
      ...message,
      content: [{ type: 'text', text: TEXT }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 12, output_tokens: 6 },
    });
  const frame = (type, data) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  return sse([
    frame('message_start', {
      message: {
        ...message,
        content: [],
        stop_reason: null,
        usage: { input_tokens: 12, output_tokens: 1 },
      },
    }),
    frame('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
    ...pieces(n).map((text) =>
      frame('content_block_delta', { index: 0, delta: { type: 'text_delta', text } }),
    ),
    frame('content_block_stop', { index: 0 }),
    frame('message_delta', {
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: n },
    }),
    frame('message_stop', {}),
  ]);
}

export function geminiGenerate(_body, stream, n = STREAM_CHUNKS) {
  const response = (text, last) => ({
    candidates: [
      {
        index: 0,
        content: { role: 'model', parts: [{ text }] },
        ...(last ? { finishReason: 'STOP' } : {}),
      },
    ],
    ...(last
      ? {
          usageMetadata: {
            promptTokenCount: 12,
            candidatesTokenCount: n,
            totalTokenCount: 12 + n,
          },
        }
      : {}),
    modelVersion: 'gemini-bench',
  });
  if (!stream)
    return json({
      ...response(TEXT, true),
      usageMetadata: { promptTokenCount: 12, candidatesTokenCount: 6, totalTokenCount: 18 },
    });
  return sse(
    pieces(n).map((text, i) => `data: ${JSON.stringify(response(text, i === n - 1))}\r\n\r\n`),
  );
}

export function cohereChat(body, n = STREAM_CHUNKS) {
  const usage = (output) => ({
    billed_units: { input_tokens: 12, output_tokens: output },
    tokens: { input_tokens: 12, output_tokens: output },
  });
  if (!body.stream)
    return json({
      id: 'cohere-bench',
      finish_reason: 'COMPLETE',
      message: { role: 'assistant', content: [{ type: 'text', text: TEXT }] },
      usage: usage(6),
    });
  const frame = (data) => `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`;
  return sse([
    frame({
      type: 'message-start',
      id: 'cohere-bench',
      delta: {
        message: { role: 'assistant', content: [], tool_plan: '', tool_calls: [], citations: [] },
      },
    }),
    frame({
      type: 'content-start',
      index: 0,
      delta: { message: { content: { type: 'text', text: '' } } },
    }),
    ...pieces(n).map((text) =>
      frame({ type: 'content-delta', index: 0, delta: { message: { content: { text } } } }),
    ),
    frame({ type: 'content-end', index: 0 }),
    frame({
      type: 'message-end',
      delta: { finish_reason: 'COMPLETE', usage: usage(n) },
    }),
  ]);
}

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const eventFrame = (eventType, payload) =>
  codec.encode({
    headers: {
      ':message-type': { type: 'string', value: 'event' },
      ':content-type': { type: 'string', value: 'application/json' },
      ':event-type': { type: 'string', value: eventType },
    },
    body: fromUtf8(JSON.stringify(payload)),
  });

export function bedrockConverse(_body, stream, n = STREAM_CHUNKS) {
  if (!stream) {
    return json({
      output: { message: { role: 'assistant', content: [{ text: TEXT }] } },
      stopReason: 'end_turn',
      usage: { inputTokens: 12, outputTokens: 6, totalTokens: 18 },
      metrics: { latencyMs: 1 },
    });
  }
  const frames = [
    eventFrame('messageStart', { role: 'assistant' }),
    ...pieces(n).map((text) =>
      eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text } }),
    ),
    eventFrame('contentBlockStop', { contentBlockIndex: 0 }),
    eventFrame('messageStop', { stopReason: 'end_turn' }),
    eventFrame('metadata', {
      usage: { inputTokens: 12, outputTokens: n, totalTokens: 12 + n },
      metrics: { latencyMs: 1 },
    }),
  ];
  return { type: 'application/vnd.amazon.eventstream', body: Buffer.concat(frames) };
}

/** An OAuth token endpoint's answer (Google JWT-bearer and Entra client credentials alike). */
export const accessToken = () =>
  json({ token_type: 'Bearer', access_token: `bench-token-${Date.now()}`, expires_in: 3599 });

// A fake provider on loopback for the benchmark: OpenAI chat and Anthropic messages, JSON or
// SSE with a fixed number of chunks, answering at once so only the workers' cost is measured.
import { createServer } from 'node:http';

export const STREAM_CHUNKS = 200;

function openaiChat(body, res) {
  const base = { id: 'chatcmpl-bench', created: 1730000000, model: body.model };
  if (!body.stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ...base, object: 'chat.completion', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Hello from the bench.' } }], usage: { prompt_tokens: 12, completion_tokens: 6, total_tokens: 18 } }));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const chunk = (delta, finish_reason = null) => `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason }] })}\n\n`;
  let out = chunk({ role: 'assistant', content: '' });
  for (let i = 0; i < STREAM_CHUNKS; i++) out += chunk({ content: `tok${i} ` });
  out += chunk({}, 'stop');
  if (body.stream_options?.include_usage) out += `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: 12, completion_tokens: STREAM_CHUNKS, total_tokens: 12 + STREAM_CHUNKS } })}\n\n`;
  res.end(`${out}data: [DONE]\n\n`);
}

function anthropicMessages(body, res) {
  const message = { id: 'msg_bench', type: 'message', role: 'assistant', model: body.model, stop_sequence: null };
  if (!body.stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ...message, content: [{ type: 'text', text: 'Hello from the bench.' }], stop_reason: 'end_turn', usage: { input_tokens: 12, output_tokens: 6 } }));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const frame = (type, data) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  let out = frame('message_start', { message: { ...message, content: [], stop_reason: null, usage: { input_tokens: 12, output_tokens: 1 } } });
  out += frame('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
  for (let i = 0; i < STREAM_CHUNKS; i++) out += frame('content_block_delta', { index: 0, delta: { type: 'text_delta', text: `tok${i} ` } });
  out += frame('content_block_stop', { index: 0 });
  out += frame('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: STREAM_CHUNKS } });
  res.end(out + frame('message_stop', {}));
}

export function startFakeProvider() {
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      const body = raw ? JSON.parse(raw) : {};
      if (req.url.endsWith('/chat/completions')) return openaiChat(body, res);
      if (req.url.endsWith('/v1/messages')) return anthropicMessages(body, res);
      res.writeHead(404).end('{}');
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() }));
  });
}

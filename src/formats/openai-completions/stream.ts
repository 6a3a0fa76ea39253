import type { ChatRequest, FinishReason, StreamEvent, Usage } from '../canonical';
import { nowSeconds, randomId } from '../ids';
import { encodeOpenAIUsage, openAIErrorType } from '../openai-chat';
import { sseFrame } from '../sse';
import { completionFinish } from './response';

// Canonical events → legacy completions SSE (`choices[].text` chunks, usage chunk if asked, [DONE]).

export function encodeCompletionStream(req: ChatRequest, model: string): TransformStream<StreamEvent, string> {
  let id = randomId('cmpl-');
  let created = nowSeconds();
  let finished = false;
  let failed = false;
  let usage: Usage | undefined;
  const chunk = (text: string, finish: FinishReason | null = null) =>
    sseFrame({ id, object: 'text_completion', created, model, choices: [{ index: 0, text, finish_reason: finish && completionFinish(finish), logprobs: null }] });
  return new TransformStream({
    transform(event, c) {
      if (failed) return;
      switch (event.type) {
        case 'start':
          id = event.id.startsWith('cmpl-') ? event.id : `cmpl-${event.id}`;
          created = event.created || created;
          break;
        case 'text':
          c.enqueue(chunk(event.text));
          break;
        case 'finish':
          finished = true;
          c.enqueue(chunk('', event.reason));
          break;
        case 'usage':
          usage = event.usage;
          break;
        case 'error':
          failed = true;
          c.enqueue(sseFrame({ error: { message: event.error.message, type: openAIErrorType(event.error.status), code: event.error.code ?? null } }));
          break;
      }
    },
    flush(c) {
      if (failed) return;
      if (!finished) c.enqueue(chunk('', 'stop'));
      if (req.includeUsage && usage) {
        const { prompt_tokens, completion_tokens, total_tokens } = encodeOpenAIUsage(usage);
        c.enqueue(sseFrame({ id, object: 'text_completion', created, model, choices: [], usage: { prompt_tokens, completion_tokens, total_tokens } }));
      }
      c.enqueue('data: [DONE]\n\n');
    },
  });
}

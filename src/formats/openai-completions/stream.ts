import type { ChatRequest, StreamEvent, Usage } from '../canonical';
import { nowSeconds, randomId } from '../ids';
import { encodeOpenAIError, encodeOpenAIUsage } from '../openai-chat';
import { sseFrame } from '../sse';
import type { StreamEncoder } from '../stream-codec';
import { encodeCompletionFinishReason } from './finish-reason';

// Canonical events → legacy completions SSE (`choices[].text` chunks, usage chunk if asked, [DONE]).

export function completionStreamEncoder(req: ChatRequest, model: string): StreamEncoder {
  let id = randomId('cmpl-');
  let created = nowSeconds();
  let finished = false;
  let failed = false;
  let usage: Usage | undefined;
  const chunk = (text: string, finish: string | null = null) =>
    sseFrame({
      id,
      object: 'text_completion',
      created,
      model,
      choices: [{ index: 0, text, finish_reason: finish, logprobs: null }],
    });
  return {
    event(event: StreamEvent): string {
      if (failed) return '';
      switch (event.type) {
        case 'start':
          id = event.id.startsWith('cmpl-') ? event.id : `cmpl-${event.id}`;
          created = event.created || created;
          return '';
        case 'text':
          return chunk(event.text);
        case 'finish':
          finished = true;
          return chunk('', encodeCompletionFinishReason(event.reason, event.rawReason));
        case 'usage':
          usage = event.usage;
          return '';
        case 'error':
          failed = true;
          return sseFrame(encodeOpenAIError(event.error));
        default:
          return '';
      }
    },
    end(): string {
      if (failed) return '';
      let out = finished ? '' : chunk('', 'stop');
      if (req.includeUsage && usage) {
        const { prompt_tokens, completion_tokens, total_tokens } = encodeOpenAIUsage(usage);
        out += sseFrame({
          id,
          object: 'text_completion',
          created,
          model,
          choices: [],
          usage: { prompt_tokens, completion_tokens, total_tokens },
        });
      }
      return `${out}data: [DONE]\n\n`;
    },
  };
}

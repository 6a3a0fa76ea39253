import type { ChatResult } from '../../api/chat';
import type { AssembledAnswer } from '../../lib/chat-delta';
import { formatMs, formatNumber } from '../../lib/format';

export interface Turn {
  prompt: string;
  answer: AssembledAnswer;
  result?: ChatResult;
}

/** One endpoint's conversation: each prompt, its streamed answer, tool calls, tokens and latency. */
export function Pane({
  label,
  endpoint,
  turns,
}: {
  label: string;
  endpoint: string;
  turns: Turn[];
}) {
  return (
    <section class="panel pane" aria-label={`${label}: ${endpoint || 'no endpoint'}`}>
      <h3>{endpoint || label}</h3>
      <ol class="turns" aria-live="polite">
        {turns.map((t, i) => (
          <li key={i}>
            <p class="prompt">
              <span class="who">You</span> {t.prompt}
            </p>
            <div class="answer" data-testid="answer">
              {t.answer.text}
            </div>
            {t.answer.toolCalls.map((call, j) => (
              <pre key={j} class="tool-call">
                tool call {call.name}({call.arguments})
              </pre>
            ))}
            {t.result?.error && <p class="error">{t.result.error}</p>}
            {t.result && !t.result.error && (
              <p class="meta" data-testid="answer-meta">
                {formatNumber(t.answer.usage?.prompt_tokens)} in ·{' '}
                {formatNumber(t.answer.usage?.completion_tokens)} out ·{' '}
                {formatMs(t.result.latencyMs)} (first token {formatMs(t.result.firstTokenMs)})
              </p>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** An assistant answer assembled from OpenAI chat-completion stream chunks. */
export interface AssembledAnswer {
  text: string;
  toolCalls: { id?: string; name: string; arguments: string }[];
  finishReason: string | null;
  usage: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number } | null;
}

export const emptyAnswer = (): AssembledAnswer => ({
  text: '',
  toolCalls: [],
  finishReason: null,
  usage: null,
});

interface ChunkToolCall {
  index?: number;
  id?: string;
  function?: { name?: string; arguments?: string };
}
interface Chunk {
  choices?: {
    delta?: { content?: string | null; tool_calls?: ChunkToolCall[] };
    finish_reason?: string | null;
  }[];
  usage?: AssembledAnswer['usage'];
}

/** The answer after one chunk: text appended, tool-call fragments joined by their index. */
export function applyChunk(answer: AssembledAnswer, chunk: Chunk): AssembledAnswer {
  const next = { ...answer, toolCalls: answer.toolCalls.map((t) => ({ ...t })) };
  const choice = chunk.choices?.[0];
  if (choice?.delta?.content) next.text += choice.delta.content;
  for (const call of choice?.delta?.tool_calls ?? []) {
    const i = call.index ?? next.toolCalls.length;
    const slot = (next.toolCalls[i] ??= { name: '', arguments: '' });
    if (call.id) slot.id = call.id;
    if (call.function?.name) slot.name += call.function.name;
    if (call.function?.arguments) slot.arguments += call.function.arguments;
  }
  if (choice?.finish_reason) next.finishReason = choice.finish_reason;
  if (chunk.usage) next.usage = chunk.usage;
  return next;
}

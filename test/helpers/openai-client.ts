import OpenAI from 'openai';
import { ADMIN, GW, sdkFetch } from './gateway';

// The official OpenAI client pointed at the gateway, and what provider tests ask of it.

/** The OpenAI SDK on the unified route with the admin token, no retries. */
export const adminOpenAI = (base = '/ai-gateway/mlflow/v1') =>
  new OpenAI({ apiKey: ADMIN, baseURL: `${GW}${base}`, fetch: sdkFetch, maxRetries: 0 });

export const WEATHER_TOOL: OpenAI.ChatCompletionFunctionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Weather',
    parameters: { type: 'object', properties: { city: { type: 'string' } } },
  },
};

/** Reads an OpenAI SDK chat stream to the end and sums up what a caller would see. */
export interface CollectedChatStream {
  text: string;
  finish: string | null;
  usage?: OpenAI.CompletionUsage | null;
  /** The first tool call's name and concatenated arguments. */
  toolName: string;
  toolArgs: string;
  chunks: OpenAI.ChatCompletionChunk[];
}

export async function collectChatStream(
  stream: AsyncIterable<OpenAI.ChatCompletionChunk>,
): Promise<CollectedChatStream> {
  const out: CollectedChatStream = {
    text: '',
    finish: null,
    toolName: '',
    toolArgs: '',
    chunks: [],
  };
  for await (const chunk of stream) {
    out.chunks.push(chunk);
    const choice = chunk.choices[0];
    out.text += choice?.delta?.content ?? '';
    out.finish = choice?.finish_reason ?? out.finish;
    out.usage = chunk.usage ?? out.usage;
    const tc = choice?.delta?.tool_calls?.[0];
    if (tc?.function?.name) out.toolName = tc.function.name;
    out.toolArgs += tc?.function?.arguments ?? '';
  }
  return out;
}

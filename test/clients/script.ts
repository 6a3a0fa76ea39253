// What the fake providers answer to the client-library tests, decided from the conversation so far:
// a structured-output request gets JSON, a request that offers the weather tool and has no tool
// result yet gets a call to it, a tool result is read back, anything else is echoed.

export const WEATHER_TOOL = 'get_weather';
export const WEATHER_ARGS = { city: 'Paris' };
/** What the client's tool returns; the final answer must quote it, proving the result reached the model. */
export const WEATHER_RESULT = 'sunny, 21 degrees';
export const STRUCTURED = { city: 'Paris', temperature: 21 };

export interface ScriptInput {
  lastUserText: string;
  toolNames: string[];
  /** The content of the last message when it is a tool result, as the provider received it. */
  toolResult?: string;
  wantsJson: boolean;
}

export type ScriptReply = { text?: string; toolCalls?: { name: string; arguments: string }[] };

export function scriptedReply(input: ScriptInput): ScriptReply {
  if (input.toolResult !== undefined) return { text: `The tool said: ${input.toolResult}` };
  if (input.wantsJson) return { text: JSON.stringify(STRUCTURED) };
  if (input.toolNames.includes(WEATHER_TOOL) && /weather/i.test(input.lastUserText)) {
    return { toolCalls: [{ name: WEATHER_TOOL, arguments: JSON.stringify(WEATHER_ARGS) }] };
  }
  return { text: `echo: ${input.lastUserText}` };
}

const textOf = (content: unknown): string =>
  typeof content === 'string' ? content : Array.isArray(content) ? content.map((p: any) => p.text ?? '').join('') : '';

/** The script read from an OpenAI chat-completions body. */
export function openAIChatScript(body: any): ScriptReply {
  const messages: any[] = body.messages ?? [];
  const last = messages.at(-1);
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  return scriptedReply({
    lastUserText: textOf(lastUser?.content),
    toolNames: (body.tools ?? []).map((t: any) => t.function?.name),
    toolResult: last?.role === 'tool' ? textOf(last.content) : undefined,
    wantsJson: ['json_schema', 'json_object'].includes(body.response_format?.type),
  });
}

import {
  anthropicView,
  openAIChatView,
  responsesView,
  toOpenAIReply,
  type ConversationView,
  type ScriptedReply,
} from '../fakes/conversation-view';

// What the fake providers answer to the client-library tests, decided from the conversation so far:
// a tool result is read back, a structured-output request gets JSON (or the forced tool's call), a request that offers the
// weather tool gets a call to it, anything else is echoed.

export const WEATHER_TOOL = 'get_weather';
export const WEATHER_ARGS = { city: 'Paris' };
/** What the client's tool returns; the final answer must quote it, proving the result reached the model. */
export const WEATHER_RESULT = 'sunny, 21 degrees';
export const STRUCTURED = { city: 'Paris', temperature: 21 };

export function scriptedReply(view: ConversationView): ScriptedReply {
  if (view.toolResult !== undefined) return { text: `The tool said: ${view.toolResult}` };
  // Structured output by a forced tool (how LangChain and the AI SDK ask Anthropic models for it).
  if (view.forcedTool && view.forcedTool !== WEATHER_TOOL)
    return { toolCalls: [{ name: view.forcedTool, input: STRUCTURED }] };
  // A model made to call the weather tool calls it, whatever was said.
  if (view.forcedTool === WEATHER_TOOL)
    return { toolCalls: [{ name: WEATHER_TOOL, input: WEATHER_ARGS }] };
  if (view.wantsJson) return { text: JSON.stringify(STRUCTURED) };
  if (view.tools.some((t) => t.name === WEATHER_TOOL) && /weather/i.test(view.lastUserText)) {
    // Two cities asked about at once: two calls in one turn (parallel tool calls).
    if (/Paris and Rome/.test(view.lastUserText))
      return {
        toolCalls: [
          { name: WEATHER_TOOL, input: WEATHER_ARGS },
          { name: WEATHER_TOOL, input: { city: 'Rome' } },
        ],
      };
    return { toolCalls: [{ name: WEATHER_TOOL, input: WEATHER_ARGS }] };
  }
  return { text: `echo: ${view.lastUserText}` };
}

/** The OpenAI fake's `reply` option (it answers chat completions and /responses). */
export const openAIChatScript = (body: any) =>
  toOpenAIReply(
    scriptedReply(body.input !== undefined ? responsesView(body) : openAIChatView(body)),
  );
/** The Anthropic fake's `reply` option. */
export const anthropicScript = (body: any) => scriptedReply(anthropicView(body));

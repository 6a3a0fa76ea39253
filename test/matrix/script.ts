import { scriptedReply } from '../clients/script';
import { bedrockView, cohereView, geminiView } from '../fakes/conversation-view';

// The same scripted conversation as the client tests (test/clients/script.ts), as each cloud
// fake's `reply` option takes it: a tool result is read back, structured output gets the JSON (or
// the forced tool's call), a weather question gets a get_weather call, anything else is echoed.

export { anthropicScript, openAIChatScript } from '../clients/script';

/** The JSON schema structured-output cells ask for; the fakes answer STRUCTURED (test/clients/script.ts). */
export const STRUCTURED_SCHEMA = {
  type: 'object',
  properties: { city: { type: 'string' }, temperature: { type: 'number' } },
  required: ['city', 'temperature'],
  additionalProperties: false,
};

/** A 1×1 PNG: image cells check these bytes reach the provider, in whatever wrapping it takes. */
export const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/** A question that gets two tool calls in one turn, what the tools return, and the answer quoting one of them. */
export const TWO_CITIES = 'What is the weather in Paris and Rome?';
export const TWO_RESULTS = ['sunny in Paris', 'rainy in Rome'];
/** Which result the answer quotes depends on how the fake reads the results back; both calls were answered either way (the fakes check it). */
export const ANSWERED_BOTH = /^The tool said: (sunny in Paris|rainy in Rome)/;

export function geminiScript(body: any) {
  const reply = scriptedReply(geminiView(body));
  return {
    text: reply.text,
    toolCalls: reply.toolCalls?.map((c) => ({ name: c.name, args: c.input })),
  };
}

export const bedrockScript = (body: any) => scriptedReply(bedrockView(body));

export function cohereScript(body: any) {
  const reply = scriptedReply(cohereView(body));
  return reply.toolCalls
    ? {
        toolCalls: reply.toolCalls.map((c) => ({
          name: c.name,
          arguments: JSON.stringify(c.input),
        })),
      }
    : { text: reply.text };
}

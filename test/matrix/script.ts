import { scriptedReply } from '../clients/script';
import { bedrockView, cohereView, geminiView } from '../fakes/conversation-view';

// The same scripted conversation as the client tests (test/clients/script.ts), as each cloud
// fake's `reply` option takes it: a tool result is read back, structured output gets the JSON (or
// the forced tool's call), a weather question gets a get_weather call, anything else is echoed.

export { anthropicScript, openAIChatScript } from '../clients/script';

export function geminiScript(body: any) {
  const reply = scriptedReply(geminiView(body));
  return { text: reply.text, toolCalls: reply.toolCalls?.map((c) => ({ name: c.name, args: c.input })) };
}

export const bedrockScript = (body: any) => scriptedReply(bedrockView(body));

export function cohereScript(body: any) {
  const reply = scriptedReply(cohereView(body));
  const call = reply.toolCalls?.[0];
  return call ? { toolCall: { name: call.name, arguments: JSON.stringify(call.input) } } : { text: reply.text };
}

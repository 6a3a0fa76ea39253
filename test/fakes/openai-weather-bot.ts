// A reply for fake OpenAI-format upstreams in tool round trips: a tool call when tools are
// offered, the tool's answer once it came back, an echo of the last user text otherwise.

export function openAIWeatherBot(body: any): {
  text?: string;
  toolCalls?: { name: string; arguments: string }[];
} {
  const result = body.messages
    .slice(body.messages.findLastIndex((m: any) => m.role === 'assistant'))
    .find((m: any) => m.role === 'tool');
  if (result) return { text: `weather: ${result.content}` };
  if (body.tools?.length && body.tool_choice !== 'none')
    return { toolCalls: [{ name: body.tools[0].function.name, arguments: '{"city":"Paris"}' }] };
  const user = [...body.messages].reverse().find((m: any) => m.role === 'user');
  return {
    text: `echo: ${typeof user.content === 'string' ? user.content : user.content.map((p: any) => p.text ?? '').join('')}`,
  };
}

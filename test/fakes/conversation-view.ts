// What a scripted fake provider needs to know about a request, whatever its wire format: the
// user's last words, the tools offered, the tool result being answered, whether JSON is asked for.
// Scripts (test/clients/script.ts, test/agents/harness/agent-script.ts) decide on this view.

export interface ConversationView {
  /** The text of the last user turn (its last text part: agents put reminders before the prompt). */
  lastUserText: string;
  /** Every user text so far, for scripts that look for the task anywhere in the conversation. */
  allUserText: string;
  tools: { name: string; schema: any }[];
  /** The content of the tool result the request ends with, as the provider received it. */
  toolResult?: string;
  wantsJson: boolean;
  /** The tool the request forces the model to call (by name, or `any`/`required` with one tool). */
  forcedTool?: string;
}

/** A reply in neutral form; each fake's adapter turns it into its own. */
export interface ScriptedReply {
  text?: string;
  toolCalls?: { name: string; input: Record<string, unknown> }[];
}

const partText = (p: any): string =>
  typeof p === 'string'
    ? p
    : p?.type === 'text' || p?.type === 'input_text' || p?.text !== undefined
      ? String(p.text ?? '')
      : '';
const textOf = (content: unknown): string =>
  typeof content === 'string'
    ? content
    : Array.isArray(content)
      ? content.map(partText).join('')
      : '';
const lastTextOf = (content: unknown): string =>
  typeof content === 'string'
    ? content
    : Array.isArray(content)
      ? partText(content.filter((p) => partText(p)).at(-1))
      : '';

export function openAIChatView(body: any): ConversationView {
  const messages: any[] = (body.messages ?? []).filter(
    (m: any) => m.role !== 'system' && m.role !== 'developer',
  );
  const users = messages.filter((m) => m.role === 'user');
  const last = messages.at(-1);
  return {
    lastUserText: lastTextOf(users.at(-1)?.content),
    allUserText: users.map((m) => textOf(m.content)).join('\n'),
    tools: (body.tools ?? [])
      .filter((t: any) => t.type === 'function')
      .map((t: any) => ({ name: t.function.name, schema: t.function.parameters })),
    toolResult: last?.role === 'tool' ? textOf(last.content) : undefined,
    wantsJson: ['json_schema', 'json_object'].includes(body.response_format?.type),
    forcedTool: forced(
      body.tool_choice?.function?.name,
      body.tool_choice === 'required',
      body.tools?.map((t: any) => t.function?.name),
    ),
  };
}

/** The Responses API's view (the OpenAI fake answers /responses with the same script). */
export function responsesView(body: any): ConversationView {
  const items: any[] =
    typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : (body.input ?? []);
  const users = items.filter((i) => i.role === 'user');
  const last = items.at(-1);
  const choice = body.tool_choice;
  const functions = (body.tools ?? []).filter((t: any) => t.type === 'function');
  return {
    lastUserText: lastTextOf(users.at(-1)?.content),
    allUserText: users.map((m) => textOf(m.content)).join('\n'),
    tools: functions.map((t: any) => ({ name: t.name, schema: t.parameters })),
    toolResult:
      last?.type === 'function_call_output'
        ? typeof last.output === 'string'
          ? last.output
          : textOf(last.output)
        : undefined,
    wantsJson: ['json_schema', 'json_object'].includes(body.text?.format?.type),
    forcedTool: forced(
      choice?.type === 'function' ? choice.name : undefined,
      choice === 'required',
      functions.map((t: any) => t.name),
    ),
  };
}

export function anthropicView(body: any): ConversationView {
  const messages: any[] = (body.messages ?? []).filter((m: any) => m.role !== 'system');
  const users = messages.filter((m) => m.role === 'user');
  const blocks = (m: any): any[] =>
    typeof m?.content === 'string' ? [{ type: 'text', text: m.content }] : (m?.content ?? []);
  const last = messages.at(-1);
  const results = last?.role === 'user' ? blocks(last).filter((b) => b.type === 'tool_result') : [];
  const lastUserTexts = blocks(
    [...users].reverse().find((m) => blocks(m).some((b) => b.type === 'text')),
  ).filter((b) => b.type === 'text');
  return {
    lastUserText: lastUserTexts.at(-1)?.text ?? '',
    allUserText: users
      .map((m) =>
        blocks(m)
          .filter((b) => b.type === 'text')
          .map((b) => b.text)
          .join(''),
      )
      .join('\n'),
    tools: (body.tools ?? [])
      .filter((t: any) => t.input_schema)
      .map((t: any) => ({ name: t.name, schema: t.input_schema })),
    toolResult: results.length ? results.map((r) => textOf(r.content)).join('\n') : undefined,
    // Anthropic has no JSON mode: a model asked in the system prompt for a JSON object answers with one.
    wantsJson:
      body.output_config?.format?.type === 'json_schema' ||
      /\bJSON object\b/.test(textOf(body.system)),
    forcedTool: forced(
      body.tool_choice?.type === 'tool' ? body.tool_choice.name : undefined,
      body.tool_choice?.type === 'any',
      body.tools?.map((t: any) => t.name),
    ),
  };
}

function forced(
  named: string | undefined,
  anyTool: boolean,
  names: string[] | undefined,
): string | undefined {
  if (named) return named;
  return anyTool && names?.length === 1 ? names[0] : undefined;
}

/** A neutral reply as the OpenAI fake's `reply` option takes it. */
export const toOpenAIReply = (reply: ScriptedReply) => ({
  text: reply.text,
  toolCalls: reply.toolCalls?.map((c) => ({ name: c.name, arguments: JSON.stringify(c.input) })),
});

/** Gemini generateContent's view (the Vertex Gemini fake). Tool results are the functionResponse's `result`, or its JSON. */
export function geminiView(body: any): ConversationView {
  const contents: any[] = body.contents ?? [];
  const users = contents.filter(
    (c) => c.role === 'user' && (c.parts ?? []).some((p: any) => typeof p.text === 'string'),
  );
  const texts = (c: any): string[] =>
    (c?.parts ?? [])
      .filter((p: any) => typeof p.text === 'string' && !p.thought)
      .map((p: any) => p.text);
  const response = (contents.at(-1)?.parts ?? []).find((p: any) => p.functionResponse)
    ?.functionResponse?.response;
  const declarations = (body.tools ?? []).flatMap((t: any) => t.functionDeclarations ?? []);
  const calling = body.toolConfig?.functionCallingConfig;
  const allowed: string[] | undefined = calling?.allowedFunctionNames;
  return {
    lastUserText: texts(users.at(-1)).at(-1) ?? '',
    allUserText: users.map((c) => texts(c).join('')).join('\n'),
    tools: declarations.map((d: any) => ({
      name: d.name,
      schema: d.parametersJsonSchema ?? d.parameters,
    })),
    toolResult:
      response === undefined
        ? undefined
        : typeof response.result === 'string'
          ? response.result
          : JSON.stringify(response),
    wantsJson: body.generationConfig?.responseMimeType === 'application/json',
    forcedTool: forced(
      allowed?.length === 1 ? allowed[0] : undefined,
      calling?.mode === 'ANY',
      declarations.map((d: any) => d.name),
    ),
  };
}

/** Bedrock Converse's view (the Bedrock fake). Converse has no JSON mode: structured output arrives as a forced tool. */
export function bedrockView(body: any): ConversationView {
  const messages: any[] = body.messages ?? [];
  const users = messages.filter(
    (m) => m.role === 'user' && m.content.some((b: any) => typeof b.text === 'string'),
  );
  const texts = (m: any): string[] =>
    (m?.content ?? []).filter((b: any) => typeof b.text === 'string').map((b: any) => b.text);
  const results = (messages.at(-1)?.content ?? [])
    .filter((b: any) => b.toolResult)
    .map((b: any) => b.toolResult);
  const specs = (body.toolConfig?.tools ?? [])
    .filter((t: any) => t.toolSpec)
    .map((t: any) => t.toolSpec);
  const choice = body.toolConfig?.toolChoice;
  return {
    lastUserText: texts(users.at(-1)).at(-1) ?? '',
    allUserText: users.map((m) => texts(m).join('')).join('\n'),
    tools: specs.map((s: any) => ({ name: s.name, schema: s.inputSchema?.json })),
    toolResult: results.length
      ? results
          .map((r: any) => r.content.map((c: any) => c.text ?? JSON.stringify(c.json)).join(''))
          .join('\n')
      : undefined,
    wantsJson: false,
    forcedTool: forced(
      choice?.tool?.name,
      !!choice?.any,
      specs.map((s: any) => s.name),
    ),
  };
}

/** Cohere v2 chat's view: OpenAI-like messages and tools, tool_choice REQUIRED, response_format json_object. */
export function cohereView(body: any): ConversationView {
  const view = openAIChatView({ ...body, tool_choice: undefined });
  return {
    ...view,
    forcedTool: forced(
      undefined,
      body.tool_choice === 'REQUIRED',
      view.tools.map((t) => t.name),
    ),
  };
}

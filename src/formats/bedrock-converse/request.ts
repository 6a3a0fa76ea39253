import type { CacheControl, ChatRequest, ContentPart, Message, ToolDefinition } from '../canonical';
import { InvalidRequest } from '../invalid-request';
import { encodeBedrockBlock } from './blocks';
import type { Block, CachePoint, ToolConfig, ToolSpec, Turn } from './wire';
import { canForceTool, STRUCTURED_OUTPUT_TOOL, structuredOutputTool } from './structured-output';

// Canonical request → Bedrock Converse / ConverseStream body (PROTOCOLS §5.1, §9.1).
// Turns must alternate user/assistant and start with user; tool results ride in user turns;
// `toolConfig` must be present whenever the history holds tool blocks, even for tool_choice none.

/** Which model family sits behind the Bedrock model id (the entity's bedrock_provider). */
export type BedrockFamily = 'anthropic' | 'cohere' | 'ai21labs' | 'amazon';

const CACHE_POINT: CachePoint = { cachePoint: { type: 'default' } };

export function encodeConverseRequest(
  req: ChatRequest,
  family: BedrockFamily,
): Record<string, unknown> {
  if (req.n !== undefined && req.n > 1)
    throw new InvalidRequest('Bedrock returns one choice; n must be 1', 'n');
  const body: Record<string, unknown> = {};
  const system = req.messages
    .filter((m) => m.role === 'system')
    .flatMap((m) => m.content.flatMap(systemBlocks));
  if (system.length) body.system = system;
  const messages = encodeTurns(req.messages.filter((m) => m.role !== 'system'));
  if (!messages.length)
    throw new InvalidRequest('must contain at least one user or assistant message', 'messages');
  body.messages = messages;

  const inference: Record<string, unknown> = {};
  if (req.maxTokens !== undefined) inference.maxTokens = req.maxTokens;
  if (req.temperature !== undefined) inference.temperature = req.temperature;
  if (req.topP !== undefined) inference.topP = req.topP;
  if (req.stop?.length) inference.stopSequences = req.stop;
  if (Object.keys(inference).length) body.inferenceConfig = inference;

  const additional = additionalFields(req, family);
  const toolConfig = withStructuredOutput(
    encodeToolConfig(req, messages, family),
    req,
    family,
    !!additional.thinking,
  );
  if (toolConfig) body.toolConfig = toolConfig;
  if (Object.keys(additional).length) body.additionalModelRequestFields = additional;
  return body;
}

function systemBlocks(p: ContentPart): Array<{ text: string } | CachePoint> {
  if (p.type !== 'text') return [];
  if (!p.text.trim()) return [];
  return p.cacheControl ? [{ text: p.text }, CACHE_POINT] : [{ text: p.text }];
}

/** Merges the canonical messages into alternating Bedrock turns. */
function encodeTurns(messages: Message[]): Turn[] {
  const turns: Turn[] = [];
  messages.forEach((m, i) => {
    const role = m.role === 'assistant' ? 'assistant' : 'user';
    const blocks = m.content.flatMap((p, j) =>
      withCachePoint(encodeBedrockBlock(p, `messages[${i}].content[${j}]`), p.cacheControl),
    );
    if (!blocks.length) return;
    const last = turns.at(-1);
    // OpenAI's consecutive tool messages (and a user message after them) become one user turn.
    if (last?.role === role) last.content.push(...blocks);
    else turns.push({ role, content: blocks });
  });
  // Bedrock rejects a conversation that opens with the assistant.
  if (turns[0]?.role === 'assistant') turns.unshift({ role: 'user', content: [{ text: '.' }] });
  return turns;
}

function withCachePoint(blocks: Block[], cache: CacheControl | undefined): Block[] {
  return cache && blocks.length ? [...blocks, CACHE_POINT] : blocks;
}

function encodeToolConfig(
  req: ChatRequest,
  messages: Turn[],
  family: BedrockFamily,
): ToolConfig | undefined {
  let tools: ToolDefinition[] = req.tools ?? [];
  if (!tools.length) {
    // History with tool blocks needs a toolConfig: describe the tools it used, loosely.
    const names = new Set<string>();
    for (const m of messages)
      for (const b of m.content) if ('toolUse' in b) names.add(b.toolUse.name);
    const hasResults = messages.some((m) => m.content.some((b) => 'toolResult' in b));
    if (!names.size && !hasResults) return undefined;
    tools = [...(names.size ? names : ['tool'])].map((name) => ({
      name,
      parameters: { type: 'object' },
    }));
  }
  const config: ToolConfig = {
    tools: tools.flatMap((t) => {
      const spec: ToolSpec = {
        toolSpec: {
          name: t.name,
          ...(t.description ? { description: t.description } : {}),
          inputSchema: { json: t.parameters ?? { type: 'object', properties: {} } },
        },
      };
      return t.cacheControl ? [spec, CACHE_POINT] : [spec];
    }),
  };
  // Bedrock has no "none": the tools stay (history may need them) and no choice is forced.
  const choice = req.toolChoice;
  if ((choice === 'required' || typeof choice === 'object') && !canForceTool(family)) {
    throw new InvalidRequest(
      `${family} models on Bedrock take only tool_choice auto (Converse cannot make them call a tool)`,
      'tool_choice',
    );
  }
  if (choice === 'auto') config.toolChoice = { auto: {} };
  else if (choice === 'required') config.toolChoice = { any: {} };
  else if (typeof choice === 'object') config.toolChoice = { tool: { name: choice.name } };
  return config;
}

/** Adds the tool that carries a structured answer (structured-output.ts), forced as the family allows. */
function withStructuredOutput(
  config: ToolConfig | undefined,
  req: ChatRequest,
  family: BedrockFamily,
  thinking: boolean,
): ToolConfig | undefined {
  const structured = structuredOutputTool(req, family, thinking);
  if (!structured) return config;
  const index = (req.tools ?? []).findIndex((t) => t.name === STRUCTURED_OUTPUT_TOOL);
  if (index >= 0)
    throw new InvalidRequest(
      `the tool name ${STRUCTURED_OUTPUT_TOOL} is reserved on Bedrock for structured output`,
      `tools[${index}]`,
    );
  const tools = config?.tools ?? [];
  // A caller's named or required choice still holds; otherwise the structured answer is asked for.
  const keep =
    (typeof req.toolChoice === 'object' || req.toolChoice === 'required') && config?.toolChoice;
  return {
    tools: [...tools, structured.spec],
    toolChoice: keep ? config.toolChoice : structured.toolChoice,
  };
}

/** Model-native extras Converse has no field for: top_k and thinking, by model family. */
function additionalFields(req: ChatRequest, family: BedrockFamily): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (req.topK !== undefined) {
    if (family === 'amazon') fields.inferenceConfig = { topK: req.topK };
    else if (family === 'cohere') fields.k = req.topK;
    else fields.top_k = req.topK;
  }
  if (family === 'anthropic' && req.reasoning && !req.reasoning.disabled) {
    const budget = req.reasoning.budgetTokens ?? effortBudget(req.reasoning.effort);
    if (budget !== undefined) fields.thinking = { type: 'enabled', budget_tokens: budget };
  }
  const extra =
    req.extra.openai?.additionalModelRequestFields ??
    req.extra.anthropic?.additionalModelRequestFields;
  if (extra && typeof extra === 'object') Object.assign(fields, extra);
  return fields;
}

function effortBudget(effort: string | undefined): number | undefined {
  switch (effort) {
    case 'minimal':
    case 'low':
      return 1024;
    case 'medium':
      return 4096;
    case 'high':
    case 'xhigh':
    case 'max':
      return 16384;
    default:
      return undefined;
  }
}

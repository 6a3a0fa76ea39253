import type { ChatRequest, ToolChoice, ToolDefinition } from '../canonical';
import { expectArray, expectObject, InvalidRequest } from '../invalid-request';
import { decodeCacheControl, encodeCacheControl } from './cache-control';

// Tool definitions and tool_choice ↔ canonical. Server tools (web_search_…, bash_…) have no
// canonical form: they are returned separately so a passthrough to Anthropic keeps them.

export function decodeTools(raw: unknown): {
  tools: ToolDefinition[];
  serverTools: Array<Record<string, unknown>>;
} {
  const tools: ToolDefinition[] = [];
  const serverTools: Array<Record<string, unknown>> = [];
  expectArray(raw, 'tools').forEach((value, i) => {
    const t = expectObject(value, `tools[${i}]`);
    if (t.type !== undefined && t.type !== null && t.type !== 'custom') {
      serverTools.push(t);
      return;
    }
    if (typeof t.name !== 'string' || !t.name)
      throw new InvalidRequest('must be a non-empty string', `tools[${i}].name`);
    const tool: ToolDefinition = { name: t.name, ...decodeCacheControl(t) };
    if (typeof t.description === 'string') tool.description = t.description;
    if (t.input_schema !== undefined)
      tool.parameters = expectObject(t.input_schema, `tools[${i}].input_schema`);
    if (typeof t.strict === 'boolean') tool.strict = t.strict;
    tools.push(tool);
  });
  return { tools, serverTools };
}

export function encodeTools(tools: ToolDefinition[]): Array<Record<string, unknown>> {
  return tools.map((t) => ({
    name: t.name,
    ...(t.description ? { description: t.description } : {}),
    input_schema: t.parameters ?? { type: 'object', properties: {} },
    ...(t.strict !== undefined ? { strict: t.strict } : {}),
    ...encodeCacheControl(t),
  }));
}

export function decodeToolChoice(raw: unknown): {
  toolChoice: ToolChoice;
  parallelToolCalls?: boolean;
} {
  const c = expectObject(raw, 'tool_choice');
  const parallel =
    typeof c.disable_parallel_tool_use === 'boolean'
      ? { parallelToolCalls: !c.disable_parallel_tool_use }
      : {};
  switch (c.type) {
    case 'auto':
      return { toolChoice: 'auto', ...parallel };
    case 'any':
      return { toolChoice: 'required', ...parallel };
    case 'none':
      return { toolChoice: 'none', ...parallel };
    case 'tool':
      if (typeof c.name !== 'string')
        throw new InvalidRequest('must be a string', 'tool_choice.name');
      return { toolChoice: { name: c.name }, ...parallel };
    default:
      throw new InvalidRequest('must be auto, any, none or tool', 'tool_choice.type');
  }
}

export function encodeToolChoice(req: ChatRequest): Record<string, unknown> | undefined {
  const choice = req.toolChoice;
  const parallel = req.parallelToolCalls;
  if (choice === undefined && parallel === undefined) return undefined;
  const base =
    choice === undefined || choice === 'auto'
      ? { type: 'auto' }
      : choice === 'required'
        ? { type: 'any' }
        : choice === 'none'
          ? { type: 'none' }
          : { type: 'tool', name: choice.name };
  // disable_parallel_tool_use is not accepted together with type "none".
  if (parallel === undefined || base.type === 'none') return base;
  return { ...base, disable_parallel_tool_use: !parallel };
}

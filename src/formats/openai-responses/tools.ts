import type { ToolChoice, ToolDefinition } from '../canonical';
import { expectArray, expectObject, InvalidRequest, optionalString } from '../invalid-request';
import { isRecord } from '../is-record';

// Responses tools ↔ canonical tools. Function tools are flat; `namespace` tools group functions
// and are flattened to `<namespace>__<name>`; `custom` (free-form) tools become functions taking
// one string `input`. Hosted tools (web_search, file_search, …) have no canonical form: they are
// set aside so the gateway can leave them out of a translated request and say so.

/** How a flattened canonical tool name maps back to what the caller declared. */
export interface ToolOrigin {
  name: string;
  namespace?: string;
  /** A `custom` tool: calls go back as custom_tool_call with the `input` string. */
  custom?: boolean;
}

export interface DecodedTools {
  tools: ToolDefinition[];
  /** Canonical (flattened) name → the caller's name, namespace and kind; only for renamed or custom tools. */
  origins: Record<string, ToolOrigin>;
  /** Hosted tools as the caller sent them, in order. */
  hosted: Record<string, unknown>[];
}

export const NAMESPACE_SEPARATOR = '__';

export const flatName = (name: string, namespace?: string) =>
  namespace ? `${namespace}${NAMESPACE_SEPARATOR}${name}` : name;

const CUSTOM_PARAMETERS = {
  type: 'object',
  properties: { input: { type: 'string', description: 'The raw input for this tool.' } },
  required: ['input'],
};

export function decodeTools(raw: unknown): DecodedTools {
  const out: DecodedTools = { tools: [], origins: {}, hosted: [] };
  if (raw === undefined || raw === null) return out;
  expectArray(raw, 'tools').forEach((value, i) => {
    const t = expectObject(value, `tools[${i}]`);
    if (t.type === 'namespace') {
      if (typeof t.name !== 'string' || !t.name)
        throw new InvalidRequest('must be a non-empty string', `tools[${i}].name`);
      const namespace = t.name;
      const description = typeof t.description === 'string' ? t.description : undefined;
      expectArray(t.tools, `tools[${i}].tools`).forEach((inner, j) =>
        addTool(
          out,
          expectObject(inner, `tools[${i}].tools[${j}]`),
          `tools[${i}].tools[${j}]`,
          namespace,
          description,
        ),
      );
    } else if (t.type === 'function' || t.type === 'custom') {
      addTool(out, t, `tools[${i}]`);
    } else {
      if (typeof t.type !== 'string')
        throw new InvalidRequest('must be a string', `tools[${i}].type`);
      out.hosted.push(t);
    }
  });
  return out;
}

function addTool(
  out: DecodedTools,
  t: Record<string, unknown>,
  param: string,
  namespace?: string,
  namespaceDescription?: string,
) {
  if (t.type !== 'function' && t.type !== 'custom')
    throw new InvalidRequest(
      `unsupported tool type '${t.type}' inside a namespace`,
      `${param}.type`,
    );
  if (typeof t.name !== 'string' || !t.name)
    throw new InvalidRequest('must be a non-empty string', `${param}.name`);
  const name = flatName(t.name, namespace);
  const description = [namespaceDescription, t.description]
    .filter((d) => typeof d === 'string' && d)
    .join('\n\n');
  const tool: ToolDefinition = { name };
  if (description) tool.description = description;
  if (t.type === 'custom') {
    tool.parameters = CUSTOM_PARAMETERS;
    out.origins[name] = { name: t.name, ...(namespace ? { namespace } : {}), custom: true };
  } else {
    if (t.parameters) tool.parameters = expectObject(t.parameters, `${param}.parameters`);
    if (typeof t.strict === 'boolean') tool.strict = t.strict;
    if (namespace) out.origins[name] = { name: t.name, namespace };
  }
  out.tools.push(tool);
}

/** Canonical tools back to the Responses shape (namespaces regrouped, custom tools restored). */
export function encodeTools(
  tools: ToolDefinition[],
  origins: Record<string, ToolOrigin>,
  hosted: Record<string, unknown>[] = [],
): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const namespaces = new Map<string, Record<string, unknown>[]>();
  for (const t of tools) {
    const origin = origins[t.name];
    const encoded = origin?.custom
      ? {
          type: 'custom',
          name: origin.name,
          ...(t.description ? { description: t.description } : {}),
        }
      : {
          type: 'function',
          name: origin?.name ?? t.name,
          ...(t.description ? { description: t.description } : {}),
          parameters: t.parameters ?? null,
          strict: t.strict ?? null,
        };
    if (!origin?.namespace) {
      out.push(encoded);
      continue;
    }
    let group = namespaces.get(origin.namespace);
    if (!group) {
      group = [];
      namespaces.set(origin.namespace, group);
      out.push({ type: 'namespace', name: origin.namespace, tools: group });
    }
    group.push(encoded);
  }
  return [...out, ...hosted];
}

export interface DecodedToolChoice {
  choice?: ToolChoice;
  /** A hosted tool the caller forces; only a provider that runs it can honour the request. */
  forcedHosted?: string;
}

export function decodeToolChoice(raw: unknown): DecodedToolChoice {
  if (raw === undefined || raw === null) return {};
  if (raw === 'auto' || raw === 'none' || raw === 'required') return { choice: raw };
  const c = expectObject(raw, 'tool_choice');
  if ((c.type === 'function' || c.type === 'custom') && typeof c.name === 'string')
    return {
      choice: { name: flatName(c.name, optionalString(c.namespace, 'tool_choice.namespace')) },
    };
  if (c.type === 'allowed_tools') return { choice: c.mode === 'required' ? 'required' : 'auto' };
  if (typeof c.type === 'string') return { forcedHosted: c.type };
  throw new InvalidRequest(
    'must be auto, none, required or {type: "function", name}',
    'tool_choice',
  );
}

export function encodeToolChoice(choice: ToolChoice, origins: Record<string, ToolOrigin>): unknown {
  if (typeof choice === 'string') return choice;
  const origin = origins[choice.name];
  if (!origin) return { type: 'function', name: choice.name };
  return {
    type: origin.custom ? 'custom' : 'function',
    name: origin.name,
    ...(origin.namespace ? { namespace: origin.namespace } : {}),
  };
}

/** A canonical call's name and arguments as the caller's item: function_call (with namespace) or custom_tool_call. */
export function callItemFields(
  flat: string,
  args: string,
  origins: Record<string, ToolOrigin>,
): Record<string, unknown> {
  const origin = origins[flat];
  if (origin?.custom)
    return {
      type: 'custom_tool_call',
      name: origin.name,
      input: customInput(args),
      ...(origin.namespace ? { namespace: origin.namespace } : {}),
    };
  return {
    type: 'function_call',
    name: origin?.name ?? flat,
    arguments: args,
    ...(origin?.namespace ? { namespace: origin.namespace } : {}),
  };
}

function customInput(args: string): string {
  try {
    const parsed: unknown = JSON.parse(args);
    return isRecord(parsed) && typeof parsed.input === 'string' ? parsed.input : args;
  } catch {
    return args;
  }
}

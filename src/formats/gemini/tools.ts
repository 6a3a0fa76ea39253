import type { ToolChoice, ToolDefinition } from '../canonical';
import { expectArray, expectObject, InvalidRequest } from '../invalid-request';
import { field, isField } from './fields';
import type { GeminiEncodeOptions } from './generation-config';
import { fromOpenApiSchema, toOpenApiSchema } from './schema';

// tools[].functionDeclarations and toolConfig.functionCallingConfig ↔ canonical tools and toolChoice.
// Hosted tools (googleSearch, codeExecution, urlContext, …) have no canonical form: they are kept
// for a Gemini provider and left out for the others.

export interface DecodedTools {
  tools: ToolDefinition[];
  /** Tool entries that are not function declarations. */
  hosted: Record<string, unknown>[];
}

export function decodeTools(raw: unknown): DecodedTools {
  const tools: ToolDefinition[] = [];
  const hosted: Record<string, unknown>[] = [];
  expectArray(raw, 'tools').forEach((value, i) => {
    const entry = expectObject(value, `tools[${i}]`);
    const declarations = field(entry, 'functionDeclarations');
    if (declarations !== undefined) {
      expectArray(declarations, `tools[${i}].functionDeclarations`).forEach((d, j) =>
        tools.push(decodeDeclaration(d, `tools[${i}].functionDeclarations[${j}]`)),
      );
    }
    const others = Object.fromEntries(
      Object.entries(entry).filter(([k]) => !isField(k, 'functionDeclarations')),
    );
    if (Object.keys(others).length) hosted.push(others);
  });
  return { tools, hosted };
}

function decodeDeclaration(raw: unknown, param: string): ToolDefinition {
  const d = expectObject(raw, param);
  if (typeof d.name !== 'string' || !d.name)
    throw new InvalidRequest('must be a non-empty string', `${param}.name`);
  const tool: ToolDefinition = { name: d.name };
  if (d.description) tool.description = String(d.description);
  const jsonSchema = field(d, 'parametersJsonSchema');
  if (jsonSchema !== undefined && jsonSchema !== null)
    tool.parameters = expectObject(jsonSchema, `${param}.parametersJsonSchema`);
  else if (d.parameters !== undefined && d.parameters !== null)
    tool.parameters = fromOpenApiSchema(expectObject(d.parameters, `${param}.parameters`));
  return tool;
}

/**
 * toolConfig → canonical choice. `exact` is false when canonical cannot say it all (several
 * allowed names, VALIDATED mode, retrievalConfig): the caller keeps the original for Gemini.
 */
export function decodeToolConfig(raw: unknown): { choice?: ToolChoice; exact: boolean } {
  const config = expectObject(raw, 'toolConfig');
  const fcc = field(config, 'functionCallingConfig');
  const onlyFcc = Object.keys(config).every((k) => isField(k, 'functionCallingConfig'));
  if (fcc === undefined || fcc === null) return { exact: onlyFcc };
  const f = expectObject(fcc, 'toolConfig.functionCallingConfig');
  const names = field(f, 'allowedFunctionNames');
  if (names !== undefined && !(Array.isArray(names) && names.every((n) => typeof n === 'string'))) {
    throw new InvalidRequest(
      'must be an array of strings',
      'toolConfig.functionCallingConfig.allowedFunctionNames',
    );
  }
  const mode = String(f.mode ?? 'AUTO').toUpperCase();
  const simple =
    onlyFcc && Object.keys(f).every((k) => k === 'mode' || isField(k, 'allowedFunctionNames'));
  switch (mode) {
    case 'AUTO':
    case 'MODE_UNSPECIFIED':
      return { choice: 'auto', exact: simple && !names && mode === 'AUTO' };
    case 'NONE':
      return { choice: 'none', exact: simple && !names };
    case 'ANY':
      if (names?.length === 1) return { choice: { name: names[0] }, exact: simple };
      return { choice: 'required', exact: simple && !names };
    case 'VALIDATED':
      return { choice: 'auto', exact: false };
    default:
      throw new InvalidRequest(`unknown mode '${f.mode}'`, 'toolConfig.functionCallingConfig.mode');
  }
}

export function encodeTools(
  tools: ToolDefinition[],
  options: GeminiEncodeOptions,
): Record<string, unknown>[] {
  if (!tools.length) return [];
  return [
    {
      functionDeclarations: tools.map((t) => ({
        name: t.name,
        ...(t.description ? { description: t.description } : {}),
        ...(t.parameters
          ? options.openApiSchemas
            ? { parameters: toOpenApiSchema(t.parameters) }
            : { parametersJsonSchema: t.parameters }
          : {}),
      })),
    },
  ];
}

export function encodeToolConfig(choice: ToolChoice): Record<string, unknown> {
  if (typeof choice === 'object')
    return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.name] } };
  return { functionCallingConfig: { mode: choice === 'required' ? 'ANY' : choice.toUpperCase() } };
}

import type { ChatRequest, ReasoningConfig, ResponseFormat } from '../canonical';
import { expectObject, InvalidRequest, optionalNumber, stopSequences } from '../invalid-request';
import { field, isField } from './fields';
import { fromOpenApiSchema, toOpenApiSchema } from './schema';

// generationConfig (sampling, structured output, thinkingConfig) ↔ canonical request fields.

type GenerationFields = Pick<
  ChatRequest,
  | 'temperature'
  | 'topP'
  | 'topK'
  | 'maxTokens'
  | 'stop'
  | 'n'
  | 'seed'
  | 'responseFormat'
  | 'reasoning'
>;

const MODELED = [
  'temperature',
  'topP',
  'topK',
  'maxOutputTokens',
  'stopSequences',
  'candidateCount',
  'seed',
  'responseMimeType',
  'responseSchema',
  'responseJsonSchema',
  'thinkingConfig',
];

/** The canonical fields, and what canonical cannot hold (kept for a Gemini provider). */
export function decodeGenerationConfig(raw: unknown): {
  fields: GenerationFields;
  rest: Record<string, unknown>;
} {
  if (raw === undefined || raw === null) return { fields: {}, rest: {} };
  const g = expectObject(raw, 'generationConfig');
  const p = (name: string) => `generationConfig.${name}`;
  const fields: GenerationFields = {
    temperature: optionalNumber(field(g, 'temperature'), p('temperature')),
    topP: optionalNumber(field(g, 'topP'), p('topP')),
    topK: optionalNumber(field(g, 'topK'), p('topK')),
    maxTokens: optionalNumber(field(g, 'maxOutputTokens'), p('maxOutputTokens')),
    stop: stopSequences(field(g, 'stopSequences'), p('stopSequences')),
    n: optionalNumber(field(g, 'candidateCount'), p('candidateCount')),
    seed: optionalNumber(field(g, 'seed'), p('seed')),
  };
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(g)) if (!MODELED.some((m) => isField(k, m))) rest[k] = v;
  const format = decodeResponseFormat(g);
  if (format === null) {
    for (const k of ['responseMimeType', 'responseSchema', 'responseJsonSchema'])
      if (field(g, k) !== undefined) rest[k] = field(g, k);
  } else if (format) fields.responseFormat = format;
  const thinking = field(g, 'thinkingConfig');
  if (thinking !== undefined && thinking !== null)
    fields.reasoning = decodeThinking(expectObject(thinking, p('thinkingConfig')));
  for (const key of Object.keys(fields) as Array<keyof GenerationFields>)
    if (fields[key] === undefined) delete fields[key];
  return { fields, rest };
}

/** undefined: none asked; null: a form canonical cannot hold (e.g. text/x.enum), kept as is. */
function decodeResponseFormat(g: Record<string, unknown>): ResponseFormat | undefined | null {
  const mime = field(g, 'responseMimeType');
  const jsonSchema = field(g, 'responseJsonSchema');
  const schema = field(g, 'responseSchema');
  if (mime === undefined && jsonSchema === undefined && schema === undefined) return undefined;
  if (mime === 'text/plain' && !jsonSchema && !schema) return { type: 'text' };
  if (mime !== undefined && mime !== 'application/json') return null;
  if (jsonSchema)
    return {
      type: 'json_schema',
      name: 'response',
      schema: expectObject(jsonSchema, 'generationConfig.responseJsonSchema'),
    };
  if (schema)
    return {
      type: 'json_schema',
      name: 'response',
      schema: fromOpenApiSchema(expectObject(schema, 'generationConfig.responseSchema')),
    };
  return { type: 'json_object' };
}

function decodeThinking(t: Record<string, unknown>): ReasoningConfig {
  const reasoning: ReasoningConfig = {};
  const budget = optionalNumber(
    field(t, 'thinkingBudget'),
    'generationConfig.thinkingConfig.thinkingBudget',
  );
  if (budget === 0) reasoning.disabled = true;
  else if (budget === -1) reasoning.adaptive = true;
  else if (budget !== undefined) reasoning.budgetTokens = budget;
  const level = field(t, 'thinkingLevel');
  if (level !== undefined && level !== null) {
    if (typeof level !== 'string')
      throw new InvalidRequest('must be a string', 'generationConfig.thinkingConfig.thinkingLevel');
    reasoning.effort = level.toLowerCase();
  }
  const include = field(t, 'includeThoughts');
  if (typeof include === 'boolean') reasoning.includeThoughts = include;
  return reasoning;
}

// ---- encode ----

export interface GeminiEncodeOptions {
  /** The upstream model: Gemini 1.x/2.x take thinkingBudget but not thinkingLevel. */
  model?: string;
  /** Send schemas as the OpenAPI subset (`parameters`, `responseSchema`) instead of JSON Schema. */
  openApiSchemas?: boolean;
}

/** Budgets for efforts on models that only take a thinkingBudget. */
const EFFORT_BUDGET: Record<string, number> = {
  none: 0,
  minimal: 512,
  low: 1024,
  medium: 8192,
  high: 24576,
  xhigh: 32768,
  max: 32768,
};

export function encodeGenerationConfig(
  req: ChatRequest,
  options: GeminiEncodeOptions,
): Record<string, unknown> {
  const g: Record<string, unknown> = {};
  if (req.temperature !== undefined) g.temperature = req.temperature;
  if (req.topP !== undefined) g.topP = req.topP;
  if (req.topK !== undefined) g.topK = req.topK;
  if (req.maxTokens !== undefined) g.maxOutputTokens = req.maxTokens;
  if (req.stop?.length) g.stopSequences = req.stop;
  if (req.n !== undefined) g.candidateCount = req.n;
  if (req.seed !== undefined) g.seed = req.seed;
  const f = req.responseFormat;
  if (f?.type === 'text') g.responseMimeType = 'text/plain';
  else if (f) g.responseMimeType = 'application/json';
  if (f?.type === 'json_schema') {
    if (options.openApiSchemas) g.responseSchema = toOpenApiSchema(f.schema);
    else g.responseJsonSchema = f.schema;
  }
  const thinking = encodeThinking(req.reasoning, options.model);
  if (thinking) g.thinkingConfig = thinking;
  return g;
}

function encodeThinking(
  r: ReasoningConfig | undefined,
  model: string | undefined,
): Record<string, unknown> | undefined {
  if (!r) return undefined;
  const t: Record<string, unknown> = {};
  const budgetOnly = !!model && /gemini-(1|2)\./.test(model);
  if (r.disabled) t.thinkingBudget = 0;
  else if (r.budgetTokens !== undefined) t.thinkingBudget = r.budgetTokens;
  else if (r.adaptive) t.thinkingBudget = -1;
  else if (r.effort && (budgetOnly || r.effort === 'none'))
    t.thinkingBudget = EFFORT_BUDGET[r.effort] ?? -1;
  else if (r.effort)
    t.thinkingLevel = r.effort === 'xhigh' || r.effort === 'max' ? 'high' : r.effort;
  if (r.includeThoughts !== undefined) t.includeThoughts = r.includeThoughts;
  return Object.keys(t).length ? t : undefined;
}

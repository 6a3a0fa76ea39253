// The endpoint's ai_gateway block (CONTRACT §5) as the edit form holds it, and back. Number and
// list fields stay as the text typed so a half-typed value is not lost; they are parsed on save.

export const RATE_LIMIT_KEYS = ['user', 'endpoint', 'user_group', 'service_principal'] as const;
export type RateLimitKey = (typeof RATE_LIMIT_KEYS)[number];
export const PII_BEHAVIORS = ['NONE', 'BLOCK', 'MASK'] as const;
export type PiiBehavior = (typeof PII_BEHAVIORS)[number];

export interface RateLimitRow {
  key: RateLimitKey;
  principal: string;
  calls: string;
  tokens: string;
}

export interface GuardrailSideForm {
  safety: boolean;
  pii: PiiBehavior;
  /** One entry a line. */
  invalidKeywords: string;
  validTopics: string;
}

export interface AiGatewayForm {
  usageTracking: boolean;
  inferenceTable: boolean;
  fallbacks: boolean;
  rateLimits: RateLimitRow[];
  input: GuardrailSideForm;
  output: GuardrailSideForm;
  judgeEndpoint: string;
}

interface RateLimitJson {
  key: RateLimitKey;
  principal?: string;
  calls?: number;
  tokens?: number;
  renewal_period: 'minute';
}

interface GuardrailSideJson {
  safety?: boolean;
  pii?: { behavior: PiiBehavior };
  invalid_keywords?: string[];
  valid_topics?: string[];
}

export interface AiGatewayJson {
  usage_tracking_config?: { enabled: boolean };
  inference_table_config?: { enabled: boolean; [naming: string]: unknown };
  rate_limits?: RateLimitJson[];
  guardrails?: { input?: GuardrailSideJson; output?: GuardrailSideJson; judge_endpoint?: string };
  fallback_config?: { enabled: boolean };
}

export const emptyRateLimit = (): RateLimitRow => ({
  key: 'user',
  principal: '',
  calls: '',
  tokens: '',
});

const sideForm = (side: GuardrailSideJson | undefined): GuardrailSideForm => ({
  safety: side?.safety ?? false,
  pii: side?.pii?.behavior ?? 'NONE',
  invalidKeywords: (side?.invalid_keywords ?? []).join('\n'),
  validTopics: (side?.valid_topics ?? []).join('\n'),
});

/** The form for an endpoint's stored block; anything missing reads as off or empty. */
export function aiGatewayForm(json: AiGatewayJson | null | undefined): AiGatewayForm {
  const g = json ?? {};
  return {
    usageTracking: g.usage_tracking_config?.enabled ?? false,
    inferenceTable: g.inference_table_config?.enabled ?? false,
    fallbacks: g.fallback_config?.enabled ?? false,
    rateLimits: (g.rate_limits ?? []).map((r) => ({
      key: r.key,
      principal: r.principal ?? '',
      calls: r.calls === undefined ? '' : String(r.calls),
      tokens: r.tokens === undefined ? '' : String(r.tokens),
    })),
    input: sideForm(g.guardrails?.input),
    output: sideForm(g.guardrails?.output),
    judgeEndpoint: g.guardrails?.judge_endpoint ?? '',
  };
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** A positive whole number, or undefined when the box is empty. */
const count = (text: string) => (text.trim() === '' ? undefined : Number(text.trim()));

/**
 * What the form would be refused for, one message per problem, named as the form labels it, so
 * the user hears it before a round trip. The server's rules (the judge must exist) still apply.
 */
export function aiGatewayFormErrors(form: AiGatewayForm): string[] {
  const errors: string[] = [];
  form.rateLimits.forEach((r, i) => {
    const row = `Rate limit ${i + 1}`;
    const calls = count(r.calls);
    const tokens = count(r.tokens);
    if (calls === undefined && tokens === undefined)
      errors.push(`${row}: give calls or tokens per minute.`);
    for (const [name, n] of [
      ['calls', calls],
      ['tokens', tokens],
    ] as const)
      if (n !== undefined && !(Number.isInteger(n) && n > 0))
        errors.push(`${row}: ${name} must be a whole number above 0.`);
  });
  const judged = [form.input, form.output].some((s) => s.safety || lines(s.validTopics).length);
  if (judged && !form.judgeEndpoint.trim())
    errors.push('Guardrails: safety and valid topics need a judge endpoint.');
  return errors;
}

/** A side's JSON with only what is switched on, or undefined when nothing is. */
function sideJson(side: GuardrailSideForm): GuardrailSideJson | undefined {
  const json: GuardrailSideJson = {};
  if (side.safety) json.safety = true;
  // NONE is what an absent pii means, so it is left out rather than stored.
  if (side.pii !== 'NONE') json.pii = { behavior: side.pii };
  const invalid = lines(side.invalidKeywords);
  if (invalid.length) json.invalid_keywords = invalid;
  const topics = lines(side.validTopics);
  if (topics.length) json.valid_topics = topics;
  return Object.keys(json).length ? json : undefined;
}

/**
 * The block PUT to /ai-gateway from the form. The PUT replaces the whole block, so what the form
 * does not show (the inference table's catalog, schema and prefix) is carried over from `stored`.
 */
export function aiGatewayJson(form: AiGatewayForm, stored?: AiGatewayJson | null): AiGatewayJson {
  const json: AiGatewayJson = {
    usage_tracking_config: { enabled: form.usageTracking },
    inference_table_config: { ...stored?.inference_table_config, enabled: form.inferenceTable },
    fallback_config: { enabled: form.fallbacks },
  };
  if (form.rateLimits.length)
    json.rate_limits = form.rateLimits.map((r) => {
      const limit: RateLimitJson = { key: r.key, renewal_period: 'minute' };
      if (r.principal.trim()) limit.principal = r.principal.trim();
      const calls = count(r.calls);
      if (calls !== undefined) limit.calls = calls;
      const tokens = count(r.tokens);
      if (tokens !== undefined) limit.tokens = tokens;
      return limit;
    });
  const input = sideJson(form.input);
  const output = sideJson(form.output);
  const judge = form.judgeEndpoint.trim();
  if (input || output || judge)
    json.guardrails = {
      ...(input && { input }),
      ...(output && { output }),
      ...(judge && { judge_endpoint: judge }),
    };
  return json;
}

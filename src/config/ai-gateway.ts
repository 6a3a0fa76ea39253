import * as z from 'zod/mini';

// A serving endpoint's `ai_gateway` block (CONTRACT §5). Rules that need the database (the
// guardrail judge must exist) are the control plane's (control/ai-gateway-rules.ts).

const nonEmpty = () => z.string().check(z.minLength(1));

const guardrailSide = z.strictObject({
  safety: z.optional(z.boolean()),
  pii: z.optional(z.strictObject({ behavior: z.enum(['NONE', 'BLOCK', 'MASK']) })),
  invalid_keywords: z.optional(z.array(nonEmpty())),
  valid_topics: z.optional(z.array(nonEmpty())),
});

export const aiGatewayConfig = z.strictObject({
  usage_tracking_config: z.optional(z.strictObject({ enabled: z.boolean() })),
  inference_table_config: z.optional(
    z.strictObject({
      enabled: z.boolean(),
      catalog_name: z.optional(z.string()),
      schema_name: z.optional(z.string()),
      table_name_prefix: z.optional(z.string()),
    }),
  ),
  rate_limits: z.optional(
    z.array(
      z
        .strictObject({
          key: z.enum(['user', 'endpoint', 'user_group', 'service_principal']),
          principal: z.optional(nonEmpty()),
          calls: z.optional(z.int().check(z.positive())),
          tokens: z.optional(z.int().check(z.positive())),
          renewal_period: z.literal('minute'),
        })
        .check(
          z.refine((r) => r.calls !== undefined || r.tokens !== undefined, {
            message: 'a rate limit needs calls or tokens',
          }),
        ),
    ),
  ),
  guardrails: z.optional(
    z.strictObject({
      input: z.optional(guardrailSide),
      output: z.optional(guardrailSide),
      /** Serving endpoint on this gateway that judges `safety` and `valid_topics`. */
      judge_endpoint: z.optional(nonEmpty()),
    }),
  ),
  fallback_config: z.optional(z.strictObject({ enabled: z.boolean() })),
});
export type AiGatewayConfig = z.infer<typeof aiGatewayConfig>;

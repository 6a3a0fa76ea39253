import * as z from 'zod';

// A serving endpoint's `ai_gateway` block (CONTRACT §5). Rules that need the database (the
// guardrail judge must exist) are the control plane's (control/ai-gateway-rules.ts).

const guardrailSide = z.strictObject({
  safety: z.boolean().optional(),
  pii: z.strictObject({ behavior: z.enum(['NONE', 'BLOCK', 'MASK']) }).optional(),
  invalid_keywords: z.array(z.string().min(1)).optional(),
  valid_topics: z.array(z.string().min(1)).optional(),
});

export const aiGatewayConfig = z.strictObject({
  usage_tracking_config: z.strictObject({ enabled: z.boolean() }).optional(),
  inference_table_config: z
    .strictObject({
      enabled: z.boolean(),
      catalog_name: z.string().optional(),
      schema_name: z.string().optional(),
      table_name_prefix: z.string().optional(),
    })
    .optional(),
  rate_limits: z
    .array(
      z
        .strictObject({
          key: z.enum(['user', 'endpoint', 'user_group', 'service_principal']),
          principal: z.string().min(1).optional(),
          calls: z.number().int().positive().optional(),
          tokens: z.number().int().positive().optional(),
          renewal_period: z.literal('minute'),
        })
        .refine((r) => r.calls !== undefined || r.tokens !== undefined, {
          message: 'a rate limit needs calls or tokens',
        }),
    )
    .optional(),
  guardrails: z
    .strictObject({
      input: guardrailSide.optional(),
      output: guardrailSide.optional(),
      /** Serving endpoint on this gateway that judges `safety` and `valid_topics`. */
      judge_endpoint: z.string().min(1).optional(),
    })
    .optional(),
  fallback_config: z.strictObject({ enabled: z.boolean() }).optional(),
});
export type AiGatewayConfig = z.infer<typeof aiGatewayConfig>;

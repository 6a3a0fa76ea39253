import * as z from 'zod/mini';
import { credentialIssues } from './credentials';
import type { ConfigIssue } from './provider-spec';
import {
  isProviderName,
  PROVIDERS,
  providerConfigSpec,
  type ProviderConfigs,
  type ProviderName,
} from './providers';
import { TASKS, type Task } from './tasks';

// served_entities[].external_model: `{name, provider, task, <provider>_config}` (CONTRACT §4),
// the block checked by its provider's schema and rules (providers/<name>.ts).

export const externalModel = z
  .looseObject({
    name: z.string().check(z.minLength(1)),
    provider: z.string(),
    task: z.enum(TASKS),
  })
  .check(
    z.superRefine((model, ctx) => {
      const found = uncheckedProviderBlock(model);
      if (!found) {
        ctx.addIssue({
          code: 'custom',
          path: ['provider'],
          message: `unknown provider '${model.provider}'; expected one of ${PROVIDERS.join(', ')}`,
        });
        return;
      }
      const { provider, config } = found;
      const { configKey, schema } = providerConfigSpec(provider);
      for (const key of Object.keys(model)) {
        if (!['name', 'provider', 'task', configKey].includes(key)) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `unexpected field for provider ${provider}`,
          });
        }
      }
      if (config === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [configKey],
          message: `${configKey} is required for provider ${provider}`,
        });
        return;
      }
      const parsed = schema.safeParse(config);
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          ctx.addIssue({ ...issue, path: [configKey, ...issue.path] } as never);
        return;
      }
      for (const issue of blockIssues(provider, model.task, parsed.data)) {
        ctx.addIssue({ code: 'custom', path: [configKey, ...issue.path], message: issue.message });
      }
    }),
  );

export type ExternalModel = z.infer<typeof externalModel>;

/** The rules beyond the fields' own: credentials, the provider's cross-field rules, its tasks. */
function blockIssues(provider: ProviderName, task: Task, config: unknown): ConfigIssue[] {
  const spec = providerConfigSpec(provider);
  const issues = [
    ...credentialIssues(spec.credentials(config), config),
    ...(spec.rules?.(config) ?? []),
  ];
  if (spec.tasks && !spec.tasks.includes(task))
    issues.push({ path: [], message: `provider ${provider} does not serve task ${task}` });
  return issues;
}

/** A provider with its config block's type: what a served entity is keyed by. */
export type ProviderBlock<P extends ProviderName = ProviderName> = {
  [K in P]: { provider: K; config: ProviderConfigs[K] };
}[P];

/** The provider an external_model names and its config block, as they are; undefined for an unknown provider. */
export function uncheckedProviderBlock(
  model: ExternalModel,
): { provider: ProviderName; config: unknown } | undefined {
  if (!isProviderName(model.provider)) return undefined;
  return { provider: model.provider, config: model[providerConfigSpec(model.provider).configKey] };
}

/**
 * The provider and config block of an external_model that `externalModel` accepted. Its check
 * parsed the block with the provider's schema and rules: that is what makes the block this type.
 */
export const providerBlock = (model: ExternalModel) =>
  uncheckedProviderBlock(model) as ProviderBlock;

import * as z from 'zod/mini';
import { aiGatewayConfig } from '../config/ai-gateway';
import { createEndpointBody, endpointCoreConfig } from '../config/endpoint-config';
import { externalModel } from '../config/external-model';
import { PROVIDER_CONFIGS, PROVIDERS } from '../config/providers';
import { TASKS } from '../config/tasks';
import {
  createTokenBody,
  deleteSecretBody,
  deleteTokenBody,
  permissionsBody,
  putSecretBody,
  scopeBody,
} from '../config/control-requests';
import * as answers from './control-responses';

// The control plane's schemas by component name: the request bodies are the very zod schemas the
// handlers validate with; the answers are described in control-responses.ts.

export const CONTROL_SCHEMAS = {
  CreateServingEndpoint: createEndpointBody,
  EndpointCoreConfig: endpointCoreConfig,
  ExternalModel: externalModel,
  AiGatewayConfig: aiGatewayConfig,
  SecretScope: scopeBody,
  PutSecret: putSecretBody,
  DeleteSecret: deleteSecretBody,
  CreateToken: createTokenBody,
  DeleteToken: deleteTokenBody,
  PermissionsUpdate: permissionsBody,
  Empty: answers.emptyObject,
  ServingEndpoint: answers.servingEndpoint,
  ServingEndpointList: answers.servingEndpointList,
  CreatedToken: answers.createdToken,
  TokenList: answers.tokenList,
  Me: answers.me,
  SecretScopeList: answers.scopeList,
  SecretList: answers.secretList,
  EndpointPermissions: answers.endpointPermissions,
  UsagePage: answers.usagePage,
  UsageSummary: answers.usageSummary,
  InferencePage: answers.inferencePage,
  DeadLetterReplay: answers.deadLetterReplay,
  Health: answers.health,
} satisfies Record<string, z.ZodMiniType>;
export type ControlSchemaName = keyof typeof CONTROL_SCHEMAS;

export type JsonSchema = Record<string, unknown>;

export const componentRef = (name: string) => `#/components/schemas/${name}`;
const providerComponent = (provider: string) => `ProviderConfig.${provider}`;

/**
 * `external_model` is checked in code (its provider picks which block it needs), so zod alone
 * would describe it as an open object. The document says what that code enforces instead: one
 * variant per provider, with the provider's own block schema.
 */
function externalModelVariants(base: JsonSchema): JsonSchema[] {
  const shared = base.properties as Record<string, JsonSchema>;
  return PROVIDERS.map((provider) => {
    const spec = PROVIDER_CONFIGS[provider];
    return {
      title: provider,
      type: 'object',
      properties: {
        name: shared.name,
        provider: { const: provider },
        task: { type: 'string', enum: [...(spec.tasks ?? TASKS)] },
        [spec.configKey]: { $ref: componentRef(providerComponent(provider)) },
      },
      required: ['name', 'provider', 'task', spec.configKey],
      additionalProperties: false,
    };
  });
}

const CREDENTIALS_NOTE =
  'Each credential field X is given either as X, a {{secrets/scope/key}} reference to a stored ' +
  'secret, or as X_plaintext (stored encrypted), exactly one of the two. Answers show references ' +
  'or redacted values, never the credential.';

/** JSON Schema (2020-12, OpenAPI 3.1's dialect) of every control-plane schema, by component name. */
export function controlComponents(): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(CONTROL_SCHEMAS)) registry.add(schema, { id });
  for (const provider of PROVIDERS)
    registry.add(PROVIDER_CONFIGS[provider].schema, { id: providerComponent(provider) });
  const { schemas } = z.toJSONSchema(registry, {
    io: 'input',
    uri: componentRef,
    // Refinements (cross-field rules) have no JSON Schema; the 400 names the field they reject.
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      if (zodSchema !== externalModel) return;
      const variants = externalModelVariants({ ...jsonSchema });
      for (const key of Object.keys(jsonSchema)) delete jsonSchema[key];
      Object.assign(jsonSchema, { oneOf: variants });
    },
  });
  for (const provider of PROVIDERS)
    schemas[providerComponent(provider)].description =
      `${PROVIDER_CONFIGS[provider].configKey} of provider ${provider}. ${CREDENTIALS_NOTE}`;
  // Each comes out as a standalone document; inside components they are plain schemas.
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $schema: _s, $id: _i, ...schema }]) => [id, schema]),
  );
}

import type { AzureOpenAIConfig, EntraOpenAIConfig } from '../config/providers/openai';
import type { ServedEntity } from '../config/served-entity';
import { credential } from '../gateway/credentials';
import { AccessTokenCache, requestAccessToken } from './oauth-tokens';
import { joinUrl, openAICompatible } from './openai-compatible';
import type { ProviderCall } from './types';

// Azure OpenAI (openai_api_type "azure" or "azuread", PROTOCOLS §7): the OpenAI wire format at a
// deployment URL with a required api-version, authenticated by an `api-key` header or by an
// Entra ID client-credentials token sent as Bearer. The Responses API has no deployment URL: it
// goes to the v1 path (no api-version) with the deployment named as the body's model, so Codex
// and other Responses clients pass straight through, hosted tools and reasoning items included.

const PATHS = {
  chat: 'chat/completions',
  completions: 'completions',
  embeddings: 'embeddings',
} as const;

export const ENTRA_SCOPE = 'https://cognitiveservices.azure.com/.default';
const DEFAULT_AUTHORITY = 'https://login.microsoftonline.com';

const entraTokens = new AccessTokenCache();

/** An `openai` entity with an Azure api type: openai.ts sends only those here. */
type AzureEntity = ServedEntity<'openai'> & { config: AzureOpenAIConfig };

export const azureOpenAI = openAICompatible<AzureEntity>({
  url(call, op) {
    const { openai_api_base, openai_deployment_name, openai_api_version } = call.entity.config;
    if (op === 'responses') return joinUrl(openai_api_base, 'openai/v1/responses');
    const path = PATHS[op as keyof typeof PATHS];
    if (!path) return null;
    const url = new URL(
      joinUrl(
        openai_api_base,
        `openai/deployments/${encodeURIComponent(openai_deployment_name)}/${path}`,
      ),
    );
    url.searchParams.set('api-version', openai_api_version);
    return url.toString();
  },
  // Deployment URLs ignore the body's model; the v1 path needs it to be the deployment.
  prepare: (body, call) => ({ ...body, model: call.entity.config.openai_deployment_name }),
  async headers(call): Promise<Record<string, string>> {
    const { config } = call.entity;
    if (config.openai_api_type === 'azuread')
      return { authorization: `Bearer ${await entraToken(call, config)}` };
    return { 'api-key': await credential(call.env, call.entity, 'openai_api_key') };
  },
});

/** A client-credentials token for the entity's app registration, minted once per isolate until near expiry. */
async function entraToken(
  call: ProviderCall<AzureEntity>,
  config: EntraOpenAIConfig,
): Promise<string> {
  const {
    microsoft_entra_tenant_id: tenant,
    microsoft_entra_client_id: clientId,
    microsoft_entra_authority_host,
  } = config;
  const secret = await credential(call.env, call.entity, 'microsoft_entra_client_secret');
  const authority = microsoft_entra_authority_host ?? DEFAULT_AUTHORITY;
  const url = joinUrl(authority, `${encodeURIComponent(tenant)}/oauth2/v2.0/token`);
  // The secret is part of the key so a rotated secret mints a new token at once.
  return entraTokens.get(
    `${url}|${clientId}|${secret}`,
    () =>
      requestAccessToken(
        url,
        {
          grant_type: 'client_credentials',
          client_id: clientId,
          client_secret: secret,
          scope: ENTRA_SCOPE,
        },
        'Microsoft Entra ID',
      ),
    call.waitUntil,
  );
}

import type { ProviderName } from '../control/endpoint-schema';
import { GatewayError } from '../gateway/errors';
import { ai21labs } from './ai21labs';
import { anthropic } from './anthropic';
import { bedrock } from './bedrock';
import { cohere } from './cohere';
import { custom } from './custom';
import { databricks } from './databricks';
import { openai } from './openai';
import type { Provider } from './types';
import { vertex } from './vertex';

// Provider name → module. Providers not yet wired answer a clear 501 instead of failing obscurely.
const PROVIDERS: Partial<Record<ProviderName, Provider>> = {
  openai,
  custom,
  'databricks-model-serving': databricks,
  ai21labs,
  anthropic,
  cohere,
  'amazon-bedrock': bedrock,
  'google-cloud-vertex-ai': vertex,
};

export function providerFor(name: ProviderName): Provider {
  const provider = PROVIDERS[name];
  if (!provider) throw new GatewayError(501, `Provider ${name} is not supported by this gateway build yet.`, 'provider_not_supported');
  return provider;
}

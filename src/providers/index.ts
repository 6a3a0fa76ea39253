import type { ProviderName } from '../config/providers';
import type { ServedEntity } from '../config/served-entity';
import { ai21labs } from './ai21labs';
import { anthropic } from './anthropic';
import { bedrock } from './bedrock';
import { cohere } from './cohere';
import { custom } from './custom';
import { databricks } from './databricks';
import { openai } from './openai';
import type { Provider } from './types';
import { vertex } from './vertex';

// Provider name → module; every provider of src/config/providers has one.
const PROVIDERS: { [P in ProviderName]: Provider<ServedEntity<P>> } = {
  openai,
  custom,
  'databricks-model-serving': databricks,
  ai21labs,
  anthropic,
  cohere,
  'amazon-bedrock': bedrock,
  'google-cloud-vertex-ai': vertex,
};

export const providerFor = <P extends ProviderName>(name: P): Provider<ServedEntity<P>> =>
  PROVIDERS[name];

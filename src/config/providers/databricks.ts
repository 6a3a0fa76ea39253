import * as z from 'zod/mini';
import { credential, url, type ProviderConfigSpec } from '../provider-spec';

// `databricks-model-serving`: a Databricks workspace's serving endpoints. CONTRACT §4.

const fields = z.strictObject({
  databricks_workspace_url: url,
  databricks_api_token: credential,
  databricks_api_token_plaintext: credential,
});
export type DatabricksConfig = z.infer<typeof fields>;

export const databricksConfig: ProviderConfigSpec<DatabricksConfig, 'databricks_api_token'> = {
  configKey: 'databricks_model_serving_config',
  schema: fields,
  credentials: () => [{ path: 'databricks_api_token', required: true }],
};

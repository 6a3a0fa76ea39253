import * as z from 'zod/mini';
import { credential, url, type ProviderConfigSpec } from '../provider-spec';

// `google-cloud-vertex-ai`: Vertex AI with a service account; private_key holds the whole
// service-account key JSON. CONTRACT §4.

const fields = z.strictObject({
  private_key: credential,
  private_key_plaintext: credential,
  region: z
    .string()
    .check(z.regex(/^[a-z0-9-]+$/, 'must be a Google Cloud region such as us-central1 or global')),
  project_id: z.string().check(z.minLength(1)),
  vertex_api_base: z.optional(url),
});
export type VertexConfig = z.infer<typeof fields>;

export const vertexConfig: ProviderConfigSpec<VertexConfig, 'private_key'> = {
  configKey: 'google_cloud_vertex_ai_config',
  schema: fields,
  credentials: () => [{ path: 'private_key', required: true }],
};

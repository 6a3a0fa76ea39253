import { fakeGemini } from '../../fakes/gemini-upstream';
import { fakeGoogleOAuth } from '../../fakes/google-oauth-upstream';
import { fakeVertex } from '../../fakes/vertex-upstream';
import { createEndpoint, putSecret, unique } from '../../helpers/gateway';
import type { MatrixRow } from '../cells';
import { anthropicScript, geminiScript } from '../script';

// `google-cloud-vertex-ai`: Gemini (generateContent / streamGenerateContent, Gemini callers passed
// through) with text embeddings (:predict) in a region, and Claude (rawPredict / streamRawPredict,
// anthropic_version in the body and no model) on the global host. The fake token endpoint
// verifies each service account's JWT; Vertex only takes the tokens it minted.

const oauth = fakeGoogleOAuth('https://oauth2.matrix.fake/token');
const vertex = fakeVertex({
  project: 'matrix-project',
  validToken: oauth.valid,
  gemini: fakeGemini({ reply: geminiScript }),
  claude: anthropicScript,
});
const REGIONAL = 'europe-west4-aiplatform.googleapis.com';
const GLOBAL = 'aiplatform.googleapis.com';
const hosts = { 'oauth2.matrix.fake': oauth.handler, [REGIONAL]: vertex, [GLOBAL]: vertex };
const escapeRegExp = (s: string) => s.replace(/[.?/]/g, '\\$&');

async function config(region: string, account: string) {
  const { keyJson } = await oauth.addServiceAccount(account);
  return {
    private_key: await putSecret('matrix', `gcp-${account}`, keyJson),
    region,
    project_id: 'matrix-project',
  };
}

const geminiChat = unique('mx-vertex-gemini');
const geminiEmbed = unique('mx-vertex-embed');
const geminiCompletions = unique('mx-vertex-gemini-completions');
const GOOGLE_MODELS = `https://${REGIONAL}/v1/projects/matrix-project/locations/europe-west4/publishers/google/models/`;

export const vertexGeminiRow: MatrixRow = {
  label: 'google-cloud-vertex-ai (Gemini)',
  hosts,
  chat: geminiChat,
  completions: geminiCompletions,
  embeddings: { 'text-embedding-005': geminiEmbed },
  chatUrl: new RegExp(
    `^${escapeRegExp(GOOGLE_MODELS)}gemini-2\\.5-flash:(generateContent|streamGenerateContent\\?alt=sse)$`,
  ),
  embeddingsUrl: new RegExp(`^${escapeRegExp(GOOGLE_MODELS)}text-embedding-005:predict$`),
  async setup() {
    const c = await config('europe-west4', 'matrix-gemini');
    await createEndpoint(geminiChat, {
      name: 'gemini-2.5-flash',
      provider: 'google-cloud-vertex-ai',
      task: 'llm/v1/chat',
      google_cloud_vertex_ai_config: c,
    });
    await createEndpoint(geminiCompletions, {
      name: 'gemini-2.5-flash',
      provider: 'google-cloud-vertex-ai',
      task: 'llm/v1/completions',
      google_cloud_vertex_ai_config: c,
    });
    await createEndpoint(geminiEmbed, {
      name: 'text-embedding-005',
      provider: 'google-cloud-vertex-ai',
      task: 'llm/v1/embeddings',
      google_cloud_vertex_ai_config: c,
    });
  },
};

const claudeChat = unique('mx-vertex-claude');
const claudeCompletions = unique('mx-vertex-claude-completions');

export const vertexClaudeRow: MatrixRow = {
  label: 'google-cloud-vertex-ai (Claude)',
  hosts,
  chat: claudeChat,
  completions: claudeCompletions,
  chatUrl:
    /^https:\/\/aiplatform\.googleapis\.com\/v1\/projects\/matrix-project\/locations\/global\/publishers\/anthropic\/models\/claude-sonnet-4%4020250514:(rawPredict|streamRawPredict)$/,
  async setup() {
    const c = await config('global', 'matrix-claude');
    await createEndpoint(claudeChat, {
      name: 'claude-sonnet-4@20250514',
      provider: 'google-cloud-vertex-ai',
      task: 'llm/v1/chat',
      google_cloud_vertex_ai_config: c,
    });
    await createEndpoint(claudeCompletions, {
      name: 'claude-sonnet-4@20250514',
      provider: 'google-cloud-vertex-ai',
      task: 'llm/v1/completions',
      google_cloud_vertex_ai_config: c,
    });
  },
};

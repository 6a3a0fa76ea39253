import { fakeAzureOpenAI } from '../../fakes/azure-openai-upstream';
import { fakeEntra } from '../../fakes/entra-upstream';
import { createEndpoint, putSecret, unique } from '../../helpers/gateway';
import type { MatrixRow } from '../cells';
import { openAIChatScript } from '../script';

// Azure OpenAI (`openai` with openai_api_type azure / azuread): deployment URLs with api-version,
// an api-key header, or a bearer token the fake Entra endpoint minted (client-credentials grant,
// checked as Entra checks it). Responses callers pass through to the v1 /openai/v1/responses path.

const entra = fakeEntra({
  'tenant-matrix': { clientId: 'app-matrix', secret: 'entra-matrix-secret' },
});
const VERSION = '2024-10-21';

function azureRow(auth: 'api-key' | 'Entra ID', host: string): MatrixRow {
  const chat = unique('mx-azure');
  const embed = unique('mx-azure-embed');
  const completions = unique('mx-azure-completions');
  const deployment = (d: string) =>
    new RegExp(
      `^https://${host.replace(/\./g, '\\.')}/openai/deployments/${d}\\?api-version=${VERSION}$`,
    );
  return {
    label: `Azure OpenAI (${auth})`,
    hosts: {
      'login.matrix.fake': entra.handler,
      [host]: fakeAzureOpenAI({
        deployments: ['chat-dep', 'instruct-dep', 'embed-dep'],
        ...(auth === 'api-key' ? { apiKey: 'azure-matrix-key' } : { bearer: entra.valid }),
        reply: openAIChatScript,
      }),
    },
    chat,
    completions,
    embeddings: { 'text-embedding-3-small': embed },
    chatUrl: new RegExp(
      `^https://${host.replace(/\./g, '\\.')}/openai/(deployments/chat-dep/chat/completions\\?api-version=${VERSION}|v1/responses)$`,
    ),
    completionsUrl: deployment('instruct-dep/completions'),
    embeddingsUrl: deployment('embed-dep/embeddings'),
    async setup() {
      const credentials =
        auth === 'api-key'
          ? {
              openai_api_type: 'azure',
              openai_api_key: await putSecret('matrix', 'azure-key', 'azure-matrix-key'),
            }
          : {
              openai_api_type: 'azuread',
              microsoft_entra_tenant_id: 'tenant-matrix',
              microsoft_entra_client_id: 'app-matrix',
              microsoft_entra_client_secret: await putSecret(
                'matrix',
                'entra',
                'entra-matrix-secret',
              ),
              microsoft_entra_authority_host: 'https://login.matrix.fake',
            };
      const config = (d: string) => ({
        ...credentials,
        openai_api_base: `https://${host}`,
        openai_deployment_name: d,
        openai_api_version: VERSION,
      });
      await createEndpoint(chat, {
        name: 'gpt-4o',
        provider: 'openai',
        task: 'llm/v1/chat',
        openai_config: config('chat-dep'),
      });
      await createEndpoint(completions, {
        name: 'gpt-35-turbo-instruct',
        provider: 'openai',
        task: 'llm/v1/completions',
        openai_config: config('instruct-dep'),
      });
      await createEndpoint(embed, {
        name: 'text-embedding-3-small',
        provider: 'openai',
        task: 'llm/v1/embeddings',
        openai_config: config('embed-dep'),
      });
    },
  };
}

export const azureKeyRow = azureRow('api-key', 'mx-key.openai.azure.fake');
export const azureEntraRow = azureRow('Entra ID', 'mx-entra.openai.azure.fake');

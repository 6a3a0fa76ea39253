import { fakeAzureOpenAI } from '../../fakes/azure-openai-upstream';
import { fakeBedrock } from '../../fakes/bedrock-upstream';
import { fakeCohere } from '../../fakes/cohere-upstream';
import { fakeGemini } from '../../fakes/gemini-upstream';
import { fakeGoogleOAuth } from '../../fakes/google-oauth-upstream';
import { fakeOpenAI } from '../../fakes/openai-upstream';
import type { FakeHandler } from '../../fakes/router';
import { fakeVertex } from '../../fakes/vertex-upstream';
import { agentScripts } from './agent-script';

// The providers beyond OpenAI and Anthropic, each as a user configures an endpoint for it, with
// the suite's fakes (which check signatures, tokens, versions) answering at the provider's real
// hostname: the gateway's outbound fetches are routed to them (harness/gateway.ts).

export interface ProviderCase {
  id: string;
  /** Hostname → fake provider. */
  hosts: Record<string, FakeHandler>;
  /** Secrets the endpoint references (key → value, in scope `agents`). */
  secrets(): Promise<Record<string, string>>;
  /** The endpoint's external_model; `ref(key)` is the reference to a secret above. */
  model(ref: (key: string) => string): Record<string, unknown>;
}

const chat = 'llm/v1/chat';
const AWS = { accessKeyId: 'AKIDAGENTS', secretAccessKey: 'agents/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const BEDROCK_CLAUDE = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
const oauth = fakeGoogleOAuth('https://oauth2.fake/token');
let serviceAccount: Promise<string> | undefined;
const vertexKey = async () => ({
  'gcp-sa': await (serviceAccount ??= oauth.addServiceAccount('agents').then((a) => a.keyJson)),
});
const openAIFake = (apiKey: string) => fakeOpenAI({ apiKey, reply: agentScripts.openai });

export const PROVIDER_CASES: ProviderCase[] = [
  {
    id: 'amazon-bedrock (Claude)',
    hosts: {
      'bedrock-runtime.us-east-1.amazonaws.com': fakeBedrock({
        region: 'us-east-1',
        keys: { [AWS.accessKeyId]: AWS },
        models: [BEDROCK_CLAUDE],
        reply: agentScripts.bedrock,
      }),
    },
    secrets: async () => ({ 'aws-id': AWS.accessKeyId, 'aws-secret': AWS.secretAccessKey }),
    model: (ref) => ({
      name: BEDROCK_CLAUDE,
      provider: 'amazon-bedrock',
      task: chat,
      amazon_bedrock_config: {
        aws_region: 'us-east-1',
        bedrock_provider: 'anthropic',
        aws_access_key_id: ref('aws-id'),
        aws_secret_access_key: ref('aws-secret'),
      },
    }),
  },
  {
    id: 'google-cloud-vertex-ai (Claude)',
    hosts: {
      'oauth2.fake': oauth.handler,
      'us-east5-aiplatform.googleapis.com': fakeVertex({
        project: 'test-project',
        validToken: oauth.valid,
        claude: agentScripts.anthropic,
      }),
    },
    secrets: vertexKey,
    model: (ref) => ({
      name: 'claude-sonnet-4@20250514',
      provider: 'google-cloud-vertex-ai',
      task: chat,
      google_cloud_vertex_ai_config: {
        private_key: ref('gcp-sa'),
        region: 'us-east5',
        project_id: 'test-project',
      },
    }),
  },
  {
    id: 'google-cloud-vertex-ai (Gemini)',
    hosts: {
      'oauth2.fake': oauth.handler,
      'us-central1-aiplatform.googleapis.com': fakeVertex({
        project: 'test-project',
        validToken: oauth.valid,
        gemini: fakeGemini({ reply: agentScripts.gemini }),
      }),
    },
    secrets: vertexKey,
    model: (ref) => ({
      name: 'gemini-2.5-flash',
      provider: 'google-cloud-vertex-ai',
      task: chat,
      google_cloud_vertex_ai_config: {
        private_key: ref('gcp-sa'),
        region: 'us-central1',
        project_id: 'test-project',
      },
    }),
  },
  {
    id: 'openai (Azure OpenAI)',
    hosts: {
      'agents.openai.azure.com': fakeAzureOpenAI({
        deployments: ['gpt-agents'],
        apiKey: 'azure-key',
        reply: agentScripts.openai,
      }),
    },
    secrets: async () => ({ azure: 'azure-key' }),
    model: (ref) => ({
      name: 'gpt-4o',
      provider: 'openai',
      task: chat,
      openai_config: {
        openai_api_type: 'azure',
        openai_api_key: ref('azure'),
        openai_api_base: 'https://agents.openai.azure.com',
        openai_deployment_name: 'gpt-agents',
        openai_api_version: '2024-10-21',
      },
    }),
  },
  {
    id: 'cohere',
    hosts: { 'api.cohere.com': fakeCohere({ apiKey: 'co-key', reply: agentScripts.cohere }) },
    secrets: async () => ({ cohere: 'co-key' }),
    model: (ref) => ({
      name: 'command-a-03-2025',
      provider: 'cohere',
      task: chat,
      cohere_config: { cohere_api_key: ref('cohere') },
    }),
  },
  {
    id: 'ai21labs',
    hosts: { 'api.ai21.com': openAIFake('ai21-key') },
    secrets: async () => ({ ai21: 'ai21-key' }),
    model: (ref) => ({
      name: 'jamba-large',
      provider: 'ai21labs',
      task: chat,
      ai21labs_config: { ai21labs_api_key: ref('ai21') },
    }),
  },
  {
    id: 'databricks-model-serving',
    hosts: { 'dbc-agents.cloud.databricks.com': openAIFake('dapi-agents') },
    secrets: async () => ({ databricks: 'dapi-agents' }),
    model: (ref) => ({
      name: 'llama-agents',
      provider: 'databricks-model-serving',
      task: chat,
      databricks_model_serving_config: {
        databricks_workspace_url: 'https://dbc-agents.cloud.databricks.com',
        databricks_api_token: ref('databricks'),
      },
    }),
  },
  {
    id: 'custom (OpenAI-compatible)',
    hosts: { 'llm.custom.example': openAIFake('custom-key') },
    secrets: async () => ({ custom: 'custom-key' }),
    model: (ref) => ({
      name: 'llama-3.3-70b',
      provider: 'custom',
      task: chat,
      custom_provider_config: {
        custom_provider_url: 'https://llm.custom.example/v1',
        bearer_token_auth: { token: ref('custom') },
      },
    }),
  },
];

/** Every fake host of the cases, for the gateway's outbound router. */
export const providerHosts = (
  cases: ProviderCase[] = PROVIDER_CASES,
): Record<string, FakeHandler> => Object.assign({}, ...cases.map((c) => c.hosts));

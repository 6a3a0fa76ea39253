// The serving endpoints the benchmark creates, all in front of the one fake provider: one per
// provider (each with its real auth: api keys, SigV4, an Entra or Google token minted once and
// cached), plus variants of the OpenAI one that isolate a feature's cost.
import { generateKeyPairSync } from 'node:crypto';

/** A throwaway service-account key: the gateway signs its JWT-bearer grant with it. */
function serviceAccountKey(tokenUri) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return JSON.stringify({
    type: 'service_account',
    client_email: 'bench@bench.iam.gserviceaccount.com',
    private_key_id: 'bench',
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }),
    token_uri: tokenUri,
  });
}

export function benchEndpoints(upstream) {
  const openai = {
    name: 'gpt-bench',
    provider: 'openai',
    task: 'llm/v1/chat',
    openai_config: { openai_api_key_plaintext: 'sk-bench', openai_api_base: `${upstream}/v1` },
  };
  const azure = {
    openai_api_base: upstream,
    openai_deployment_name: 'gpt-bench',
    openai_api_version: '2024-10-21',
  };
  const vertex = {
    private_key_plaintext: serviceAccountKey(`${upstream}/token`),
    region: 'us-central1',
    project_id: 'bench',
    vertex_api_base: upstream,
  };
  const bedrock = {
    aws_region: 'us-east-1',
    aws_access_key_id_plaintext: 'AKIABENCH',
    aws_secret_access_key_plaintext: 'bench-secret',
    bedrock_provider: 'anthropic',
    bedrock_api_base: upstream,
  };
  return {
    'bench-openai': { model: openai },
    // The same endpoint with usage tracking off: the difference is the cost of the usage row.
    'bench-untracked': { model: openai, aiGateway: { usage_tracking_config: { enabled: false } } },
    // A call and a token limit that never refuse: the cost of a rate-limit check.
    'bench-limited': {
      model: openai,
      aiGateway: {
        rate_limits: [
          { key: 'user', calls: 1_000_000, tokens: 1_000_000_000, renewal_period: 'minute' },
        ],
      },
    },
    'bench-anthropic': {
      model: {
        name: 'claude-bench',
        provider: 'anthropic',
        task: 'llm/v1/chat',
        anthropic_config: {
          anthropic_api_key_plaintext: 'sk-ant-bench',
          anthropic_api_base: upstream,
        },
      },
    },
    'bench-azure': {
      model: {
        name: 'gpt-bench',
        provider: 'openai',
        task: 'llm/v1/chat',
        openai_config: {
          ...azure,
          openai_api_type: 'azure',
          openai_api_key_plaintext: 'azure-bench',
        },
      },
    },
    'bench-azure-entra': {
      model: {
        name: 'gpt-bench',
        provider: 'openai',
        task: 'llm/v1/chat',
        openai_config: {
          ...azure,
          openai_api_type: 'azuread',
          microsoft_entra_tenant_id: 'tenant',
          microsoft_entra_client_id: 'client',
          microsoft_entra_client_secret_plaintext: 'entra-bench',
          microsoft_entra_authority_host: upstream,
        },
      },
    },
    'bench-bedrock': {
      model: {
        name: 'anthropic.claude-bench-v1:0',
        provider: 'amazon-bedrock',
        task: 'llm/v1/chat',
        amazon_bedrock_config: bedrock,
      },
    },
    'bench-vertex-gemini': {
      model: {
        name: 'gemini-bench',
        provider: 'google-cloud-vertex-ai',
        task: 'llm/v1/chat',
        google_cloud_vertex_ai_config: vertex,
      },
    },
    'bench-vertex-claude': {
      model: {
        name: 'claude-bench',
        provider: 'google-cloud-vertex-ai',
        task: 'llm/v1/chat',
        google_cloud_vertex_ai_config: vertex,
      },
    },
    'bench-cohere': {
      model: {
        name: 'command-bench',
        provider: 'cohere',
        task: 'llm/v1/chat',
        cohere_config: { cohere_api_key_plaintext: 'cohere-bench', cohere_api_base: upstream },
      },
    },
  };
}

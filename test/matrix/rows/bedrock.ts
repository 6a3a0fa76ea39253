import { fakeBedrock } from '../../fakes/bedrock-upstream';
import { createEndpoint, putSecret, unique } from '../../helpers/gateway';
import type { MatrixRow } from '../cells';
import { bedrockScript } from '../script';

// `amazon-bedrock`: Converse / ConverseStream for every model family (bedrock_provider), InvokeModel
// embeddings with Titan and Cohere embed; the fake verifies every SigV4 signature.

const KEYS = {
  AKIDMATRIX: {
    accessKeyId: 'AKIDMATRIX',
    secretAccessKey: 'matrixSecretKey/K7MDENG+bPxRfiCYEXAMPLE',
  },
};
const HOST = 'bedrock-runtime.eu-west-1.amazonaws.com';
const MODELS = {
  anthropic: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
  cohere: 'cohere.command-r-plus-v1:0',
  ai21labs: 'ai21.jamba-1-5-large-v1:0',
  amazon: 'amazon.nova-pro-v1:0',
  titanEmbed: 'amazon.titan-embed-text-v2:0',
  cohereEmbed: 'cohere.embed-english-v3',
};
const hosts = {
  [HOST]: fakeBedrock({
    region: 'eu-west-1',
    keys: KEYS,
    models: Object.values(MODELS),
    reply: bedrockScript,
  }),
};

type Family = 'anthropic' | 'cohere' | 'ai21labs' | 'amazon';

async function config(family: Family) {
  return {
    aws_region: 'eu-west-1',
    bedrock_provider: family,
    aws_access_key_id: await putSecret('matrix', 'aws-id', 'AKIDMATRIX'),
    aws_secret_access_key: await putSecret('matrix', 'aws-secret', KEYS.AKIDMATRIX.secretAccessKey),
  };
}

/** A model's Converse / ConverseStream / InvokeModel URLs (the ':' is path-encoded, and signed so). */
const modelUrl = (model: string, actions: string) =>
  `^https://${HOST.replace(/\./g, '\\.')}/model/${encodeURIComponent(model).replace(/\./g, '\\.')}/(${actions})$`;

function familyRow(
  family: Family,
  embeddings?: Record<string, { model: string; family: Family }>,
): MatrixRow {
  const chat = unique(`mx-bedrock-${family}`);
  const completions = unique(`mx-bedrock-${family}-completions`);
  const embedNames = Object.fromEntries(
    Object.keys(embeddings ?? {}).map((label) => [label, unique(`mx-bedrock-${label}`)]),
  );
  return {
    label: `amazon-bedrock (${family})`,
    hosts,
    chat,
    completions,
    ...(embeddings ? { embeddings: embedNames } : {}),
    chatUrl: new RegExp(modelUrl(MODELS[family], 'converse|converse-stream')),
    embeddingsUrl:
      embeddings &&
      new RegExp(
        Object.values(embeddings)
          .map((e) => modelUrl(e.model, 'invoke'))
          .join('|'),
      ),
    async setup() {
      await createEndpoint(chat, {
        name: MODELS[family],
        provider: 'amazon-bedrock',
        task: 'llm/v1/chat',
        amazon_bedrock_config: await config(family),
      });
      await createEndpoint(completions, {
        name: MODELS[family],
        provider: 'amazon-bedrock',
        task: 'llm/v1/completions',
        amazon_bedrock_config: await config(family),
      });
      for (const [label, e] of Object.entries(embeddings ?? {})) {
        await createEndpoint(embedNames[label], {
          name: e.model,
          provider: 'amazon-bedrock',
          task: 'llm/v1/embeddings',
          amazon_bedrock_config: await config(e.family),
        });
      }
    },
  };
}

/** Claude on Bedrock, with the embeddings models (Titan, Cohere embed). */
export const bedrockClaudeRow = familyRow('anthropic', {
  titan: { model: MODELS.titanEmbed, family: 'amazon' },
  'cohere-embed': { model: MODELS.cohereEmbed, family: 'cohere' },
});
/** Cohere and AI21 models on Bedrock cannot be made to call a tool: a forced tool_choice, and structured output (emulated by one), are a clean 400. */
const refusesForcing = (family: Family) => {
  const refusal = {
    status: 400,
    message: new RegExp(`structured output is not available for ${family} models on Bedrock`),
  };
  const forced = {
    status: 400,
    message: new RegExp(`${family} models on Bedrock take only tool_choice auto`),
  };
  return {
    'openai.structured': refusal,
    'responses.structured': refusal,
    'anthropic.structured': refusal,
    'gemini.structured': refusal,
    'openai.tool-choice': forced,
  };
};

export const bedrockFamilyRows = [
  { ...familyRow('cohere'), refusals: refusesForcing('cohere') },
  { ...familyRow('ai21labs'), refusals: refusesForcing('ai21labs') },
  familyRow('amazon'),
];

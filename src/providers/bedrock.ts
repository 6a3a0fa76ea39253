import type { ServedEntity } from '../config/served-entity';
import {
  converseStreamDecoder,
  decodeBedrockError,
  decodeConverseResponse,
  encodeConverseRequest,
  structuredAnswer,
  structuredAnswerStream,
  structuredOutputSchema,
  type BedrockFamily,
} from '../formats/bedrock-converse';
import type { EmbeddingRequest, EmbeddingResponse } from '../formats/canonical';
import { decodeCohereEmbedResponse, encodeCohereEmbedRequest } from '../formats/cohere-v2';
import { decodeTitanEmbedResponse, encodeTitanEmbedRequest } from '../formats/titan-embeddings';
import { credential, optionalCredential } from '../gateway/credentials';
import { GatewayError } from '../gateway/errors';
import { joinUrl } from './openai-compatible';
import { signSigV4 } from './sigv4';
import type { Provider, ProviderCall } from './types';
import { sendUpstream, upstreamJson } from './upstream';

// Amazon Bedrock (PROTOCOLS §5): chat through Converse / ConverseStream, embeddings through
// InvokeModel, every request signed with SigV4 (service `bedrock`, sigv4.ts).

type BedrockCall = ProviderCall<ServedEntity<'amazon-bedrock'>>;

/** Titan takes one text per call: at most this many calls run at once for one request. */
const TITAN_PARALLEL = 8;

async function invoke(
  call: BedrockCall,
  action: 'converse' | 'converse-stream' | 'invoke',
  body: Record<string, unknown>,
): Promise<Response> {
  const { aws_region: region, bedrock_api_base } = call.entity.config;
  const base = bedrock_api_base ?? `https://bedrock-runtime.${region}.amazonaws.com`;
  // Model ids hold ':' (and ARNs '/'): one encoded path segment; sigv4.ts signs exactly this URL.
  const url = joinUrl(base, `model/${encodeURIComponent(call.entity.model)}/${action}`);
  const json = JSON.stringify(body);
  const headers = await signSigV4({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json' },
    body: json,
    region,
    service: 'bedrock',
    credentials: {
      accessKeyId: await credential(call.env, call.entity, 'aws_access_key_id'),
      secretAccessKey: await credential(call.env, call.entity, 'aws_secret_access_key'),
      sessionToken: await optionalCredential(call.env, call.entity, 'aws_session_token'),
    },
  });
  // Sent but not signed: AWS requires only host and x-amz-date among the signed headers.
  headers.accept =
    action === 'converse-stream' ? 'application/vnd.amazon.eventstream' : 'application/json';
  return sendUpstream(
    url,
    { method: 'POST', headers, body: json },
    decodeBedrockError,
    call.signal,
  );
}

const family = (call: BedrockCall): BedrockFamily => call.entity.config.bedrock_provider;

export const bedrock: Provider<ServedEntity<'amazon-bedrock'>> = {
  wireFormat: () => 'bedrock',
  async chat(call, req) {
    const body = encodeConverseRequest(req, family(call));
    // Structured output comes back as a tool call (see structured-output.ts) and goes out as text.
    const structured = structuredOutputSchema(req) !== undefined;
    if (req.stream) {
      const response = await invoke(call, 'converse-stream', body);
      const decoder = converseStreamDecoder(
        call.entity.model,
        response.headers.get('x-amzn-requestid') ?? undefined,
      );
      return {
        kind: 'stream',
        body: response.body!,
        decoder: structured ? structuredAnswerStream(decoder) : decoder,
      };
    }
    const response = await invoke(call, 'converse', body);
    const decoded = decodeConverseResponse(
      await upstreamJson(response),
      call.entity.model,
      response.headers.get('x-amzn-requestid') ?? undefined,
    );
    return { kind: 'response', response: structured ? structuredAnswer(decoded) : decoded };
  },
  embeddings(call, req) {
    if (family(call) === 'amazon') return titanEmbeddings(call, req);
    if (family(call) === 'cohere') return cohereEmbeddings(call, req);
    throw new GatewayError({
      status: 400,
      message: `Bedrock embeddings need an Amazon Titan or Cohere embed model, not a ${family(call)} model.`,
      code: 'unsupported_operation',
      param: 'model',
    });
  },
};

async function titanEmbeddings(
  call: BedrockCall,
  req: EmbeddingRequest,
): Promise<EmbeddingResponse> {
  const results: Array<{ embedding: number[]; tokens: number }> = new Array(req.input.length);
  let next = 0;
  const worker = async () => {
    while (next < req.input.length) {
      const i = next++;
      const response = await invoke(call, 'invoke', encodeTitanEmbedRequest(req.input[i], req));
      results[i] = decodeTitanEmbedResponse(await upstreamJson(response));
    }
  };
  await Promise.all(Array.from({ length: Math.min(TITAN_PARALLEL, req.input.length) }, worker));
  return {
    model: call.entity.model,
    embeddings: results.map((r) => r.embedding),
    usage: { inputTokens: results.reduce((sum, r) => sum + r.tokens, 0), outputTokens: 0 },
  };
}

async function cohereEmbeddings(
  call: BedrockCall,
  req: EmbeddingRequest,
): Promise<EmbeddingResponse> {
  const response = await invoke(call, 'invoke', encodeCohereEmbedRequest(req));
  const decoded = decodeCohereEmbedResponse(await upstreamJson(response), call.entity.model);
  // Bedrock reports the token count in a header rather than in Cohere's meta.
  const tokens = Number(response.headers.get('x-amzn-bedrock-input-token-count'));
  return tokens ? { ...decoded, usage: { inputTokens: tokens, outputTokens: 0 } } : decoded;
}

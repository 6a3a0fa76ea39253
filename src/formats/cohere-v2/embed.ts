import type { EmbeddingRequest, EmbeddingResponse } from '../canonical';
import type { UpstreamEmbedResponse } from './wire';

// Canonical embeddings ↔ Cohere embed bodies (PROTOCOLS §6.2). The same body shape serves
// Cohere's own /v2/embed and the Cohere embed models on Bedrock InvokeModel.

/** v3+ models require an input type; a caller that names none is most likely embedding documents. */
export const DEFAULT_COHERE_INPUT_TYPE = 'search_document';

export function encodeCohereEmbedRequest(
  req: EmbeddingRequest,
  model?: string,
): Record<string, unknown> {
  return {
    ...(model ? { model } : {}),
    texts: req.input,
    input_type: req.inputType ?? DEFAULT_COHERE_INPUT_TYPE,
    embedding_types: ['float'],
    ...(req.dimensions !== undefined ? { output_dimension: req.dimensions } : {}),
  };
}

export function decodeCohereEmbedResponse(raw: unknown, model: string): EmbeddingResponse {
  const body = raw as UpstreamEmbedResponse | null | undefined;
  // `embeddings_by_type` answers {float: [[…]]}; the older `embeddings_floats` answers [[…]].
  const vectors = Array.isArray(body?.embeddings) ? body.embeddings : body?.embeddings?.float;
  const tokens = body?.meta?.billed_units?.input_tokens;
  return {
    model,
    embeddings: Array.isArray(vectors) ? vectors : [],
    usage:
      typeof tokens === 'number'
        ? { inputTokens: tokens, outputTokens: 0 }
        : { inputTokens: 0, outputTokens: 0, estimated: true },
  };
}

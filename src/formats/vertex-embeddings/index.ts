import type { EmbeddingRequest, EmbeddingResponse } from '../canonical';

// Vertex AI text embeddings (`…/publishers/google/models/{m}:predict`, PROTOCOLS §4.2).

/** Cohere-style input types (what OpenAI-dialect callers send) → Vertex task types. */
const TASK_TYPES: Record<string, string> = {
  search_document: 'RETRIEVAL_DOCUMENT',
  search_query: 'RETRIEVAL_QUERY',
  classification: 'CLASSIFICATION',
  clustering: 'CLUSTERING',
};

export function encodeVertexEmbedRequest(req: EmbeddingRequest): Record<string, unknown> {
  const taskType = req.inputType ? TASK_TYPES[req.inputType] ?? req.inputType.toUpperCase() : undefined;
  return {
    instances: req.input.map((content) => ({ content, ...(taskType ? { task_type: taskType } : {}) })),
    ...(req.dimensions !== undefined ? { parameters: { outputDimensionality: req.dimensions } } : {}),
  };
}

export function decodeVertexEmbedResponse(body: any, model: string): EmbeddingResponse {
  const predictions: any[] = Array.isArray(body?.predictions) ? body.predictions : [];
  const tokens = predictions.reduce((sum, p) => sum + Number(p?.embeddings?.statistics?.token_count ?? 0), 0);
  return {
    model,
    embeddings: predictions.map((p) => p?.embeddings?.values ?? []),
    usage: tokens ? { inputTokens: tokens, outputTokens: 0 } : { inputTokens: 0, outputTokens: 0, estimated: true },
  };
}

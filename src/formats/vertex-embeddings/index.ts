import type { EmbeddingRequest, EmbeddingResponse } from '../canonical';

// Vertex AI text embeddings (`…/publishers/google/models/{m}:predict`, PROTOCOLS §4.2).

/** Vertex's answer, read with every field optional. */
interface UpstreamPredictions {
  predictions?: Array<{
    embeddings?: { values?: number[]; statistics?: { token_count?: number } };
  } | null>;
}

/** Cohere-style input types (what OpenAI-dialect callers send) → Vertex task types. */
const TASK_TYPES: Record<string, string> = {
  search_document: 'RETRIEVAL_DOCUMENT',
  search_query: 'RETRIEVAL_QUERY',
  classification: 'CLASSIFICATION',
  clustering: 'CLUSTERING',
};

export function encodeVertexEmbedRequest(req: EmbeddingRequest): Record<string, unknown> {
  const taskType = req.inputType
    ? (TASK_TYPES[req.inputType] ?? req.inputType.toUpperCase())
    : undefined;
  return {
    instances: req.input.map((content) => ({
      content,
      ...(taskType ? { task_type: taskType } : {}),
    })),
    ...(req.dimensions !== undefined
      ? { parameters: { outputDimensionality: req.dimensions } }
      : {}),
  };
}

export function decodeVertexEmbedResponse(raw: unknown, model: string): EmbeddingResponse {
  const body = raw as UpstreamPredictions | null | undefined;
  const predictions = Array.isArray(body?.predictions) ? body.predictions : [];
  const tokens = predictions.reduce(
    (sum, p) => sum + Number(p?.embeddings?.statistics?.token_count ?? 0),
    0,
  );
  return {
    model,
    embeddings: predictions.map((p) => p?.embeddings?.values ?? []),
    usage: tokens
      ? { inputTokens: tokens, outputTokens: 0 }
      : { inputTokens: 0, outputTokens: 0, estimated: true },
  };
}

import type { EmbeddingRequest } from '../canonical';

// Amazon Titan text embeddings on Bedrock InvokeModel (PROTOCOLS §5.4): one text per call.

/** Titan's answer, read with every field optional. */
interface UpstreamTitanEmbedding {
  embedding?: number[];
  /** With embeddingTypes in the request. */
  embeddingsByType?: { float?: number[] };
  inputTextTokenCount?: number;
}

export function encodeTitanEmbedRequest(
  text: string,
  req: EmbeddingRequest,
): Record<string, unknown> {
  return {
    inputText: text,
    ...(req.dimensions !== undefined ? { dimensions: req.dimensions, normalize: true } : {}),
  };
}

export function decodeTitanEmbedResponse(raw: unknown): { embedding: number[]; tokens: number } {
  const body = raw as UpstreamTitanEmbedding | null | undefined;
  return {
    embedding: Array.isArray(body?.embedding)
      ? body.embedding
      : (body?.embeddingsByType?.float ?? []),
    tokens: Number(body?.inputTextTokenCount ?? 0),
  };
}

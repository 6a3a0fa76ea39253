import type { EmbeddingRequest } from '../canonical';

// Amazon Titan text embeddings on Bedrock InvokeModel (PROTOCOLS §5.4): one text per call.

export function encodeTitanEmbedRequest(text: string, req: EmbeddingRequest): Record<string, unknown> {
  return { inputText: text, ...(req.dimensions !== undefined ? { dimensions: req.dimensions, normalize: true } : {}) };
}

export function decodeTitanEmbedResponse(body: any): { embedding: number[]; tokens: number } {
  return { embedding: Array.isArray(body?.embedding) ? body.embedding : body?.embeddingsByType?.float ?? [], tokens: Number(body?.inputTextTokenCount ?? 0) };
}

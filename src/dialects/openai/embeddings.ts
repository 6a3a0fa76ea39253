import { decodeEmbeddingRequest, encodeEmbeddingResponse } from '../../formats/openai-embeddings';
import type { EmbeddingsDialect } from '../types';

// OpenAI Embeddings: POST …/embeddings on every OpenAI base URL.

export const openAIEmbeddings: EmbeddingsDialect = {
  apiType: 'embeddings',
  decode: decodeEmbeddingRequest,
  encode: (res, model, req) => encodeEmbeddingResponse(res, model, req.encodingFormat),
};

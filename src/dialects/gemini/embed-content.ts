import { decodeGeminiEmbedRequest, encodeGeminiEmbedResponse } from '../../formats/gemini';
import type { EmbeddingsDialect } from '../types';

// POST …/models/{endpoint}:embedContent (one text) and :batchEmbedContents (many).

const embedContent = (batch: boolean): EmbeddingsDialect => ({
  apiType: 'gemini/embedContent',
  decode: (body, call) => decodeGeminiEmbedRequest(body, call.endpointName, batch),
  encode: (res) => encodeGeminiEmbedResponse(res, batch),
});

export const geminiEmbedContent = embedContent(false);
export const geminiBatchEmbedContents = embedContent(true);

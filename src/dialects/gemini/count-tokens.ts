import { decodeGeminiRequest } from '../../formats/gemini';
import type { CountTokensDialect } from '../types';

// POST …/models/{endpoint}:countTokens: always estimated.

export const geminiCountTokens: CountTokensDialect = {
  apiType: 'gemini/countTokens',
  // The body is either {contents} or the whole {generateContentRequest}.
  decode: (body) =>
    decodeGeminiRequest(body.generateContentRequest ?? body, { model: '', stream: false }),
  encode: (count) => ({ totalTokens: count }),
};

export { decodeGeminiRequest, encodeGeminiRequest, type GeminiRequestContext } from './request';
export type { GeminiEncodeOptions } from './generation-config';
export { decodeGeminiResponse, encodeGeminiResponse } from './response';
export { geminiStreamDecoder, geminiStreamEncoder, type GeminiStreamOptions } from './stream';
export { decodeGeminiError, encodeGeminiError, googleStatus } from './errors';
export { decodeGeminiUsage, encodeGeminiUsage } from './usage';
export { decodeGeminiFinishReason, encodeGeminiFinishReason } from './finish-reason';
export { fromOpenApiSchema, toOpenApiSchema } from './schema';
export { idWithSignature, splitCallId } from './call-ids';

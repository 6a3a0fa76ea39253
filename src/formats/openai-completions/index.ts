export { checkCompletionTranslatable, decodeCompletionRequest, encodeCompletionRequest } from './request';
export { decodeCompletionResponse, encodeCompletionResponse } from './response';
export { encodeCompletionStream } from './stream';

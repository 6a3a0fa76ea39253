export {
  checkCompletionTranslatable,
  decodeCompletionRequest,
  encodeCompletionRequest,
} from './request';
export { decodeCompletionResponse, encodeCompletionResponse } from './response';
export { completionStreamEncoder } from './stream';

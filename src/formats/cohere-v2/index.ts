export { encodeCohereChatRequest } from './request';
export { decodeCohereChatResponse } from './response';
export { cohereStreamDecoder } from './stream';
export { decodeCohereFinishReason, COHERE_FAILURES } from './finish-reason';
export { decodeCohereUsage } from './usage';
export {
  decodeCohereEmbedResponse,
  encodeCohereEmbedRequest,
  DEFAULT_COHERE_INPUT_TYPE,
} from './embed';
export { decodeCohereError } from './errors';

export { decodeChatRequest, decodeToolChoice, wantsUsage } from './request';
export {
  encodeChatRequest,
  encodeSampling,
  type EncodeChatOptions,
  effortFromBudget,
  openAIEffort,
} from './request-encode';
export { decodeChatResponse, encodeChatResponse } from './response';
export { openAIChatStreamDecoder, openAIChatStreamEncoder, openAIErrorType } from './stream';
export { decodeOpenAIError, encodeOpenAIError } from './errors';
export { decodeOpenAIUsage, encodeOpenAIUsage } from './usage';
export { decodeOpenAIFinishReason, encodeOpenAIFinishReason } from './finish-reason';

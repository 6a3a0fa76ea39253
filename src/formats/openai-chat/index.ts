export { decodeChatRequest, encodeChatRequest, encodeSampling, type EncodeChatOptions, decodeToolChoice, effortFromBudget, openAIEffort } from './request';
export { decodeChatResponse, encodeChatResponse } from './response';
export { openAIChatStreamDecoder, openAIChatStreamEncoder, openAIErrorType } from './stream';
export { decodeOpenAIError, encodeOpenAIError } from './errors';
export { decodeOpenAIUsage, encodeOpenAIUsage } from './usage';
export { decodeOpenAIFinishReason } from './finish-reason';

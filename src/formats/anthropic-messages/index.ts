export { decodeMessagesRequest, encodeMessagesRequest, DEFAULT_MAX_TOKENS } from './request';
export type { DecodeMessagesOptions, EncodeMessagesOptions } from './request';
export { decodeMessagesResponse, encodeMessagesResponse } from './response';
export { anthropicStreamDecoder } from './stream-decode';
export { anthropicStreamEncoder } from './stream-encode';
export type { EncodeMessagesStreamOptions } from './stream-encode';
export {
  anthropicErrorType,
  decodeAnthropicError,
  decodeAnthropicStreamError,
  encodeAnthropicError,
} from './errors';
export { decodeAnthropicUsage, decodeAnthropicUsagePartial, encodeAnthropicUsage } from './usage';
export { decodeStopReason, encodeStopReason } from './stop-reason';
export { anthropicToolId } from './turns';

export {
  decodeResponsesRequest,
  encodeResponsesRequest,
  type DecodedResponsesRequest,
  type ResponsesOptions,
} from './request';
export { decodeResponsesResponse, encodeResponsesResponse, newResponseId } from './response';
export { decodeResponsesFinishReason } from './finish-reason';
export { responsesStreamEncoder, type ResponsesStreamOptions } from './stream-encode';
export { responsesStreamDecoder } from './stream-decode';
export { decodeResponsesUsage, encodeResponsesUsage, itemId, responseIdOfItem } from './output';
export { decodeInput, encodeInput } from './input-items';
export type { ToolOrigin } from './tools';

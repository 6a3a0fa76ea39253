export { decodeResponsesRequest, encodeResponsesRequest, type DecodedResponsesRequest, type ResponsesOptions } from './request';
export { decodeResponsesResponse, encodeResponsesResponse, finishReasonOf, newResponseId } from './response';
export { responsesStreamEncoder, type ResponsesStreamOptions } from './stream-encode';
export { responsesStreamDecoder } from './stream-decode';
export { decodeResponsesUsage, encodeResponsesUsage, itemId, responseIdOfItem } from './output';
export { decodeInput, encodeInput } from './input-items';
export type { ToolOrigin } from './tools';

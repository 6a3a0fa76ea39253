export { decodeResponsesRequest, encodeResponsesRequest, type DecodedResponsesRequest, type ResponsesOptions } from './request';
export { decodeResponsesResponse, encodeResponsesResponse, finishReasonOf, newResponseId } from './response';
export { encodeResponsesStream, type ResponsesStreamOptions } from './stream-encode';
export { decodeResponsesStream } from './stream-decode';
export { decodeResponsesUsage, encodeResponsesUsage, itemId, responseIdOfItem } from './output';
export { decodeInput, encodeInput } from './input-items';
export type { ToolOrigin } from './tools';

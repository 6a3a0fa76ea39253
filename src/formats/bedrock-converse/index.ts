export { encodeConverseRequest, type BedrockFamily } from './request';
export { decodeConverseResponse } from './response';
export { converseStreamDecoder } from './stream';
export { decodeBedrockStopReason } from './stop-reason';
export { decodeBedrockUsage } from './usage';
export { decodeBedrockError, bedrockExceptionStatus } from './errors';
export { EventStreamSplitter } from './event-stream';
export {
  structuredAnswer,
  structuredAnswerStream,
  structuredOutputSchema,
} from './structured-output';

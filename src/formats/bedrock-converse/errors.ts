import type { GatewayErrorInfo } from '../canonical';
import type { UpstreamError } from './wire';

// Bedrock REST-JSON errors: `{"message": "…"}` (some services say `Message`); the exception
// name travels in the x-amzn-ErrorType header.

export function decodeBedrockError(status: number, text: string): GatewayErrorInfo {
  try {
    const body: UpstreamError = JSON.parse(text);
    return { status, message: String(body.message ?? body.Message ?? text) };
  } catch {
    return { status, message: text.slice(0, 500) || `upstream answered ${status}` };
  }
}

/** In-stream exception types (`:exception-type`) → the HTTP status the same failure would have had. */
export function bedrockExceptionStatus(type: string | undefined): number {
  switch (type) {
    case 'throttlingException':
      return 429;
    case 'validationException':
      return 400;
    case 'serviceUnavailableException':
      return 503;
    default:
      // internalServerException, modelStreamErrorException, and anything new
      return 502;
  }
}

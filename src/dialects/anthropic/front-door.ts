import { encodeAnthropicError } from '../../formats/anthropic-messages';
import type { FrontDoor } from '../types';

/**
 * /ai-gateway/anthropic: errors as `{"type":"error","error":{type,message}}`; the token in
 * Authorization or, as the Anthropic SDKs send an api key, in x-api-key.
 */
export const anthropicFrontDoor: FrontDoor = {
  errorBody: encodeAnthropicError,
  keyToken: (req) => req.headers.get('x-api-key') ?? undefined,
};

import { encodeGeminiError } from '../../formats/gemini';
import type { FrontDoor } from '../types';

/**
 * /ai-gateway/gemini: errors as `{"error":{code,message,status}}`; the token in Authorization or,
 * as Google's SDKs and CLI send an api key, in x-goog-api-key or ?key=.
 */
export const geminiFrontDoor: FrontDoor = {
  errorBody: encodeGeminiError,
  keyToken: (req) =>
    req.headers.get('x-goog-api-key') ?? new URL(req.url).searchParams.get('key') ?? undefined,
};

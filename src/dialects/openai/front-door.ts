import { encodeOpenAIError } from '../../formats/openai-chat';
import type { FrontDoor } from '../types';

/**
 * The OpenAI base URLs (/ai-gateway/mlflow/v1, /ai-gateway/openai/v1, /serving-endpoints), and
 * any path no other front door claims: errors as `{"error":{message,type,param,code}}`, the token
 * only in Authorization (Bearer or Basic), as the OpenAI SDKs send it.
 */
export const openAIFrontDoor: FrontDoor = {
  errorBody: encodeOpenAIError,
};

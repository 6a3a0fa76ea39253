import type { GatewayErrorInfo } from '../formats/canonical';
import type { FrontDoor } from './types';

// The control plane (/api/...): Databricks-shaped errors (CONTRACT §4), the token only in Authorization.

const CONTROL_CODES: Record<number, string> = {
  400: 'INVALID_PARAMETER_VALUE',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'RESOURCE_DOES_NOT_EXIST',
  409: 'RESOURCE_ALREADY_EXISTS',
  429: 'REQUEST_LIMIT_EXCEEDED',
  501: 'NOT_IMPLEMENTED',
  503: 'TEMPORARILY_UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/** `{"error_code","message"}`: an error code already in Databricks' shape is kept, any other named by the status. */
function encodeControlError(info: GatewayErrorInfo): Record<string, unknown> {
  const code = info.code && /^[A-Z_]+$/.test(info.code) ? info.code : CONTROL_CODES[info.status] ?? 'INTERNAL_ERROR';
  return { error_code: code, message: info.message };
}

export const databricksControlFrontDoor: FrontDoor = {
  errorBody: encodeControlError,
};

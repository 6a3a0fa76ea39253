import type { GatewayErrorInfo } from '../formats/canonical';
import { DATABRICKS_ERROR_CODES, type DatabricksErrorCode } from '../gateway/errors';
import type { FrontDoor } from './types';

// The control plane (/api/...): Databricks-shaped errors (CONTRACT §4), the token only in Authorization.

const CONTROL_CODES: Record<number, DatabricksErrorCode> = {
  400: 'INVALID_PARAMETER_VALUE',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'RESOURCE_DOES_NOT_EXIST',
  409: 'RESOURCE_ALREADY_EXISTS',
  413: 'REQUEST_TOO_LARGE',
  429: 'REQUEST_LIMIT_EXCEEDED',
  501: 'NOT_IMPLEMENTED',
  503: 'TEMPORARILY_UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

const isDatabricksCode = (code: string | undefined): code is DatabricksErrorCode =>
  (DATABRICKS_ERROR_CODES as readonly (string | undefined)[]).includes(code);

/** `{"error_code","message"}`: a Databricks error code is kept, any other is named by the status. */
function encodeControlError(info: GatewayErrorInfo): Record<string, unknown> {
  const code = isDatabricksCode(info.code)
    ? info.code
    : (CONTROL_CODES[info.status] ?? 'INTERNAL_ERROR');
  return { error_code: code, message: info.message };
}

export const databricksControlFrontDoor: FrontDoor = {
  errorBody: encodeControlError,
};

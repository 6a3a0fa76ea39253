import type { GatewayErrorInfo } from '../formats/canonical';
import { InvalidRequest } from '../formats/invalid-request';

// Every failure the gateway answers is a GatewayError: a status, a message and named details,
// which the caller's front door shapes into its dialect (CONTRACT §3, §4). Anything else thrown
// is a bug: logged, and answered as a 502 that says nothing of the internals.

/** The control plane's Databricks error codes (CONTRACT §4); data-plane codes are snake_case. */
export const DATABRICKS_ERROR_CODES = [
  'INVALID_PARAMETER_VALUE',
  'UNAUTHENTICATED',
  'PERMISSION_DENIED',
  'NOT_FOUND',
  'RESOURCE_DOES_NOT_EXIST',
  'RESOURCE_ALREADY_EXISTS',
  'REQUEST_TOO_LARGE',
  'REQUEST_LIMIT_EXCEEDED',
  'NOT_IMPLEMENTED',
  'TEMPORARILY_UNAVAILABLE',
  'DEADLINE_EXCEEDED',
  'INTERNAL_ERROR',
] as const;
export type DatabricksErrorCode = (typeof DATABRICKS_ERROR_CODES)[number];

export interface GatewayErrorFields {
  status: number;
  message: string;
  /** Machine-readable: a Databricks code, or a snake_case one (OpenAI's `error.code`). */
  code?: DatabricksErrorCode | (string & {});
  /** The request field the message is about. */
  param?: string;
  /** The provider's own status, when the error came from upstream (fallback decisions read it). */
  upstreamStatus?: number;
  /** Seconds until a retry may succeed, sent as Retry-After. */
  retryAfter?: string;
}

export class GatewayError extends Error implements GatewayErrorInfo {
  readonly status: number;
  readonly code?: string;
  readonly param?: string;
  readonly upstreamStatus?: number;
  readonly retryAfter?: string;

  constructor(fields: GatewayErrorFields) {
    super(fields.message);
    this.status = fields.status;
    this.code = fields.code;
    this.param = fields.param;
    this.upstreamStatus = fields.upstreamStatus;
    this.retryAfter = fields.retryAfter;
  }

  toInfo(): GatewayErrorInfo {
    return { status: this.status, message: this.message, code: this.code, param: this.param };
  }
}

/** A data-plane request the caller must fix, naming the field. */
export const badRequest = (message: string, param?: string) =>
  new GatewayError({ status: 400, message, code: 'invalid_request_error', param });

export const notFound = (message: string) =>
  new GatewayError({ status: 404, message, code: 'not_found' });

// The control plane's and the access checks' errors, with their Databricks codes.
export const invalidParameter = (message: string) =>
  new GatewayError({ status: 400, message, code: 'INVALID_PARAMETER_VALUE' });
export const unauthenticated = (message: string) =>
  new GatewayError({ status: 401, message, code: 'UNAUTHENTICATED' });
export const permissionDenied = (message: string) =>
  new GatewayError({ status: 403, message, code: 'PERMISSION_DENIED' });
export const resourceMissing = (message: string) =>
  new GatewayError({ status: 404, message, code: 'RESOURCE_DOES_NOT_EXIST' });
export const alreadyExists = (message: string) =>
  new GatewayError({ status: 409, message, code: 'RESOURCE_ALREADY_EXISTS' });

/** What the caller is told about anything thrown; never internals. */
export function toErrorInfo(err: unknown): GatewayErrorInfo & { retryAfter?: string } {
  if (err instanceof GatewayError) return { ...err.toInfo(), retryAfter: err.retryAfter };
  if (err instanceof InvalidRequest) return badRequest(err.message, err.param).toInfo();
  console.error('unexpected error', err instanceof Error ? err.stack : String(err));
  return {
    status: 502,
    message: 'The gateway could not complete the request.',
    code: 'gateway_error',
  };
}

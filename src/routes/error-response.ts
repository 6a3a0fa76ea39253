import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { toErrorInfo } from '../gateway/errors';

// Every error leaves in the dialect of the base URL it came in on (CONTRACT §3, §4).

export function errorResponse(c: Context<AppEnv>, err: unknown): Response {
  const info = toErrorInfo(err);
  // 499 is only for our logs: a client that went away gets nothing useful from it.
  const status = info.status === 499 ? 400 : info.status;
  const headers: Record<string, string> = { 'x-request-id': String(c.get('requestId') ?? '') };
  if (info.retryAfter) headers['Retry-After'] = info.retryAfter;
  return c.json(c.get('frontDoor').errorBody(info), status as 400, headers);
}

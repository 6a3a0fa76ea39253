import type { ChatRequest } from '../../formats/canonical';

/** The caller's Anthropic headers an Anthropic provider should see: the API version the body was written for, and its betas. */
const FORWARDED = ['anthropic-version', 'anthropic-beta'];

/** The request, carrying the caller's Anthropic headers for the provider (never its credentials). */
export function withCallerHeaders(req: ChatRequest, callerHeaders: Headers): ChatRequest {
  const headers: Record<string, string> = {};
  for (const name of FORWARDED) {
    const value = callerHeaders.get(name);
    if (value) headers[name] = value;
  }
  if (Object.keys(headers).length) req.extra.headers = { ...req.extra.headers, ...headers };
  return req;
}

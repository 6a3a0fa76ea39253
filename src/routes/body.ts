import type { Context } from 'hono';
import { badRequest } from '../gateway/errors';

/** The request's JSON body, or a 400 that says what is wrong with it. */
export async function readJsonBody(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (!text.trim()) throw badRequest('The request body is empty; send a JSON object.', 'body');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw badRequest(`The request body is not valid JSON: ${(err as Error).message}`, 'body');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('The request body must be a JSON object.', 'body');
  return body as Record<string, unknown>;
}

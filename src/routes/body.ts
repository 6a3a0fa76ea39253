import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { badRequest } from '../gateway/errors';
import { readLimitedText } from './body-limit';

/** The request's JSON body, or a refusal that says what is wrong with it (413 past the size limit, 400 not a JSON object). */
export async function readJsonBody(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  const text = await readLimitedText(c);
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

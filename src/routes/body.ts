import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { badRequest } from '../gateway/errors';
import { recordRefusal } from '../gateway/run';
import type { ApiType } from '../gateway/usage';
import { readLimitedText } from './body-limit';

/**
 * A query route's JSON body, or a refusal that says what is wrong with it (413 past the size
 * limit, 400 not a JSON object) and still leaves the request's usage row. `endpointName` is the
 * endpoint named by the path, when it is (otherwise it is in the body).
 */
export async function readJsonBody(
  c: Context<AppEnv>,
  apiType: ApiType,
  endpointName = '',
): Promise<Record<string, unknown>> {
  try {
    return parseJsonObject(await readLimitedText(c));
  } catch (err) {
    await recordRefusal(c, apiType, endpointName, err);
    throw err;
  }
}

function parseJsonObject(text: string): Record<string, unknown> {
  if (!text.trim()) throw badRequest('The request body is empty; send a JSON object.', 'body');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw badRequest(`The request body is not valid JSON: ${(err as Error).message}`, 'body');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw badRequest('The request body must be a JSON object.', 'body');
  return body as Record<string, unknown>;
}

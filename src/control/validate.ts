import type { Context } from 'hono';
import type { z } from 'zod';
import { describeIssues } from '../config/issues';
import { GatewayError, invalidParameter, permissionDenied } from '../gateway/errors';

// Control-plane bodies are validated with zod; the first problem is named in the 400.

export async function validBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw invalidParameter('The request body must be a JSON object.');
  }
  return validate(schema, raw);
}

export function validate<T extends z.ZodType>(schema: T, raw: unknown): z.infer<T> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw invalidParameter(describeIssues(parsed.error));
  }
  return parsed.data;
}

export const requireAdmin = (c: Context, what: string) => {
  if (!c.get('principal').isAdmin) throw permissionDenied(`Only the admin may ${what}.`);
};

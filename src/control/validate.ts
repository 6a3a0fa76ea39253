import type { Context } from 'hono';
import type { z } from 'zod';
import { describeIssues } from '../config/issues';
import { GatewayError } from '../gateway/errors';

// Control-plane bodies are validated with zod; the first problem is named in the 400.

export async function validBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new GatewayError(400, 'The request body must be a JSON object.', 'INVALID_PARAMETER_VALUE');
  }
  return validate(schema, raw);
}

export function validate<T extends z.ZodType>(schema: T, raw: unknown): z.infer<T> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new GatewayError(400, describeIssues(parsed.error), 'INVALID_PARAMETER_VALUE');
  }
  return parsed.data;
}

export const requireAdmin = (c: Context, what: string) => {
  if (!c.get('principal').isAdmin) throw new GatewayError(403, `Only the admin may ${what}.`, 'PERMISSION_DENIED');
};

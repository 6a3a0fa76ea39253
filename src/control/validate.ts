import type { Context } from 'hono';
import type { z } from 'zod';
import type { AppEnv } from '../env';
import { GatewayError } from '../gateway/errors';
import { readLimitedText } from '../routes/body-limit';

// Control-plane bodies are validated with zod; the first problem is named in the 400.

export function formatIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
  return path ? `${path}: ${issue.message}` : issue.message;
}

/** The body, read within the size limit (413 past it), parsed and validated. */
export async function validBody<T extends z.ZodType>(c: Context<AppEnv>, schema: T): Promise<z.infer<T>> {
  const text = await readLimitedText(c);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new GatewayError(400, 'The request body must be a JSON object.', 'INVALID_PARAMETER_VALUE');
  }
  return validate(schema, raw);
}

export function validate<T extends z.ZodType>(schema: T, raw: unknown): z.infer<T> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new GatewayError(400, parsed.error.issues.map(formatIssue).join('; '), 'INVALID_PARAMETER_VALUE');
  }
  return parsed.data;
}

export const requireAdmin = (c: Context, what: string) => {
  if (!c.get('principal').isAdmin) throw new GatewayError(403, `Only the admin may ${what}.`, 'PERMISSION_DENIED');
};

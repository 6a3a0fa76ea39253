import type { Context } from 'hono';
import type * as z from 'zod/mini';
import { describeIssues } from '../config/issues';
import type { AppEnv } from '../env';
import { invalidParameter, permissionDenied } from '../gateway/errors';
import { readLimitedText } from '../routes/body-limit';

// Control-plane bodies are validated with zod; the first problem is named in the 400.

/** The body, read within the size limit (413 past it), parsed and validated. */
export async function validBody<T extends z.ZodMiniType>(
  c: Context<AppEnv>,
  schema: T,
): Promise<z.infer<T>> {
  const text = await readLimitedText(c);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw invalidParameter('The request body must be a JSON object.');
  }
  return validate(schema, raw);
}

export function validate<T extends z.ZodMiniType>(schema: T, raw: unknown): z.infer<T> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw invalidParameter(describeIssues(parsed.error));
  }
  return parsed.data;
}

export const requireAdmin = (c: Context, what: string) => {
  if (!c.get('principal').isAdmin) throw permissionDenied(`Only the admin may ${what}.`);
};

import { readToken } from '../lib/session';

/** A control-plane error: its HTTP status and the gateway's message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The Authorization header of the signed-in token. */
export const authHeader = (): Record<string, string> => {
  const token = readToken();
  return token ? { authorization: `Bearer ${token}` } : {};
};

/** Turns an error body of any dialect (control plane, OpenAI) into its message. */
async function errorMessage(res: Response): Promise<string> {
  const text = await res.text();
  try {
    const body = JSON.parse(text);
    return body.message ?? body.error?.message ?? text;
  } catch {
    return text || res.statusText;
  }
}

/** One JSON call to the gateway with the signed-in token; throws ApiError unless 2xx. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: {
      ...authHeader(),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new ApiError(res.status, await errorMessage(res));
  const text = await res.text();
  return (text ? JSON.parse(text) : {}) as T;
}

/** A query string from the defined values only; an array repeats its parameter. */
export function query(params: Record<string, string | number | string[] | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    for (const item of Array.isArray(v) ? v : [v])
      if (item !== undefined && item !== '') q.append(k, String(item));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export { errorMessage };

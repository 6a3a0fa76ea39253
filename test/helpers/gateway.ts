import { env, SELF } from 'cloudflare:test';

// Driving the gateway worker the way users do: over HTTP, with the admin or a gateway token.

export const GW = 'http://gateway.test';
export const ADMIN = env.GATEWAY_ADMIN_TOKEN;

export async function call(
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await SELF.fetch(`${GW}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, headers: res.headers };
}

export const admin = (method: string, path: string, body?: unknown) =>
  call(method, path, ADMIN, body);

let counter = 0;
/** A name no other test in this file uses. */
export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++counter}`;

export async function putSecret(scope: string, key: string, value: string) {
  await admin('POST', '/api/2.0/secrets/scopes/create', { scope });
  const res = await admin('POST', '/api/2.0/secrets/put', { scope, key, string_value: value });
  if (res.status !== 200) throw new Error(`secret put failed: ${res.text}`);
  return `{{secrets/${scope}/${key}}}`;
}

export async function createEndpoint(
  name: string,
  externalModel: Record<string, unknown> | Record<string, unknown>[],
  extra: Record<string, unknown> = {},
) {
  const models = Array.isArray(externalModel) ? externalModel : [externalModel];
  const res = await admin('POST', '/api/2.0/serving-endpoints', {
    name,
    config: {
      served_entities: models.map((m, i) => ({
        name: (m as any).entity_name ?? `entity-${i}`,
        external_model: { ...m, entity_name: undefined },
      })),
    },
    ...extra,
  });
  if (res.status !== 200) throw new Error(`endpoint create failed: ${res.text}`);
  return res.json;
}

/** A token for `principal`, minted by the admin, optionally granted a level on endpoints. */
export async function tokenFor(
  principal: string,
  grants: Record<string, 'CAN_QUERY' | 'CAN_VIEW' | 'CAN_MANAGE'> = {},
  groups?: string[],
) {
  const res = await admin('POST', '/api/2.0/token/create', {
    principal,
    comment: 'test',
    ...(groups ? { groups } : {}),
  });
  if (res.status !== 200) throw new Error(`token create failed: ${res.text}`);
  for (const [endpoint, level] of Object.entries(grants)) {
    const g = await admin('PATCH', `/api/2.0/permissions/serving-endpoints/${endpoint}`, {
      access_control_list: [{ user_name: principal, permission_level: level }],
    });
    if (g.status !== 200) throw new Error(`grant failed: ${g.text}`);
  }
  return res.json.token_value as string;
}

/** fetch for the official SDKs: every call goes into the worker. */
export const sdkFetch = (url: RequestInfo | URL, init?: RequestInit) =>
  SELF.fetch(url as string, init);

/** Usage rows of an endpoint, newest first. */
export async function usageRows(endpoint: string) {
  const res = await admin('GET', `/api/2.0/ai-gateway/usage?endpoint_name=${endpoint}`);
  return res.json.rows as any[];
}

/**
 * Waits until the endpoint has at least `count` usage rows matching `match` (rows reach D1 through
 * the usage queue after the response, in batches, so not in request order).
 */
export async function waitForUsage(
  endpoint: string,
  count = 1,
  match: (row: any) => boolean = () => true,
  timeoutMs = 5000,
) {
  return waitForRows(`endpoint_name=${endpoint}`, count, match, timeoutMs);
}

/** Waits until the usage listing for `query` has at least `count` rows matching `match`. */
export async function waitForRows(
  query: string,
  count = 1,
  match: (row: any) => boolean = () => true,
  timeoutMs = 5000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await admin('GET', `/api/2.0/ai-gateway/usage?${query}&max_results=1000`);
    const rows = (res.json.rows as any[]).filter(match);
    if (rows.length >= count || Date.now() > deadline) return rows;
    await new Promise((r) => setTimeout(r, 25));
  }
}

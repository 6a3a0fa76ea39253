import { jsonResponse, type FakeHandler } from './router';

// A fake Microsoft Entra ID token endpoint: client-credentials grant at /{tenant}/oauth2/v2.0/token,
// checking what Entra checks (form encoding, grant type, client id and secret, the .default scope).

export interface FakeEntra {
  handler: FakeHandler;
  /** Tokens minted so far, per tenant. */
  minted: Map<string, string[]>;
  /** Whether a bearer token is one this fake issued (and has not expired). */
  valid(token: string | null): boolean;
}

export function fakeEntra(
  clients: Record<string, { clientId: string; secret: string; expiresIn?: number }>,
): FakeEntra {
  const minted = new Map<string, string[]>();
  const live = new Map<string, number>();
  const error = (status: number, code: string, description: string) =>
    jsonResponse({ error: code, error_description: description }, status);
  const handler: FakeHandler = async (request) => {
    const match = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(new URL(request.url).pathname);
    if (!match || request.method !== 'POST')
      return error(404, 'not_found', 'AADSTS90002: endpoint not found');
    const tenant = decodeURIComponent(match[1]);
    const client = clients[tenant];
    if (!client) return error(400, 'invalid_request', `AADSTS90002: Tenant '${tenant}' not found.`);
    if (!request.headers.get('content-type')?.startsWith('application/x-www-form-urlencoded'))
      return error(400, 'invalid_request', 'AADSTS900144: body must be form-encoded');
    const form = new URLSearchParams(new TextDecoder().decode(await request.arrayBuffer()));
    if (form.get('grant_type') !== 'client_credentials')
      return error(400, 'unsupported_grant_type', 'AADSTS70003');
    if (form.get('scope') !== 'https://cognitiveservices.azure.com/.default')
      return error(400, 'invalid_scope', 'AADSTS70011: The provided value for scope is not valid.');
    if (form.get('client_id') !== client.clientId)
      return error(
        400,
        'unauthorized_client',
        'AADSTS700016: Application not found in the directory.',
      );
    if (form.get('client_secret') !== client.secret)
      return error(401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided.');
    const list = minted.get(tenant) ?? [];
    const token = `entra.${tenant}.${list.length + 1}.${crypto.randomUUID()}`;
    list.push(token);
    minted.set(tenant, list);
    const expiresIn = client.expiresIn ?? 3599;
    live.set(token, Date.now() + expiresIn * 1000);
    return jsonResponse({
      token_type: 'Bearer',
      expires_in: expiresIn,
      ext_expires_in: expiresIn,
      access_token: token,
    });
  };
  return { handler, minted, valid: (token) => !!token && (live.get(token) ?? 0) > Date.now() };
}

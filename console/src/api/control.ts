import type { AiGatewayJson } from '../lib/ai-gateway-form';
import { type AclViewEntry, aclEntries } from '../lib/permissions';
import { api } from './client';
import type { AccessControlEntry, Endpoint, TokenInfo } from './types';

// The control plane's resources (CONTRACT §4), one small function per call.

export const listEndpoints = async () =>
  (await api<{ endpoints?: Endpoint[] }>('GET', '/api/2.0/serving-endpoints')).endpoints ?? [];
export const getEndpoint = (name: string) =>
  api<Endpoint>('GET', `/api/2.0/serving-endpoints/${encodeURIComponent(name)}`);
export const createEndpoint = (body: unknown) =>
  api<Endpoint>('POST', '/api/2.0/serving-endpoints', body);
export const updateConfig = (name: string, config: unknown) =>
  api<Endpoint>('PUT', `/api/2.0/serving-endpoints/${encodeURIComponent(name)}/config`, config);
/** Answers with the block as stored. */
export const updateAiGateway = (name: string, aiGateway: unknown) =>
  api<AiGatewayJson>(
    'PUT',
    `/api/2.0/serving-endpoints/${encodeURIComponent(name)}/ai-gateway`,
    aiGateway,
  );
export const deleteEndpoint = (name: string) =>
  api('DELETE', `/api/2.0/serving-endpoints/${encodeURIComponent(name)}`);

export const listScopes = async () =>
  (await api<{ scopes?: { name: string }[] }>('GET', '/api/2.0/secrets/scopes/list')).scopes ?? [];
export const createScope = (scope: string) =>
  api('POST', '/api/2.0/secrets/scopes/create', { scope });
export const deleteScope = (scope: string) =>
  api('POST', '/api/2.0/secrets/scopes/delete', { scope });
export const listSecrets = async (scope: string) =>
  (
    await api<{ secrets?: { key: string; last_updated_timestamp?: number }[] }>(
      'GET',
      `/api/2.0/secrets/list?scope=${encodeURIComponent(scope)}`,
    )
  ).secrets ?? [];
export const putSecret = (scope: string, key: string, string_value: string) =>
  api('POST', '/api/2.0/secrets/put', { scope, key, string_value });
export const deleteSecret = (scope: string, key: string) =>
  api('POST', '/api/2.0/secrets/delete', { scope, key });

export const listTokens = async () =>
  (await api<{ token_infos?: TokenInfo[] }>('GET', '/api/2.0/token/list')).token_infos ?? [];
export const createToken = (body: Record<string, unknown>) =>
  api<{ token_value: string; token_info: TokenInfo }>('POST', '/api/2.0/token/create', body);
export const deleteToken = (token_id: string) => api('POST', '/api/2.0/token/delete', { token_id });

/** In the shape setPermissions takes (GET answers each level under all_permissions). */
export const getPermissions = async (name: string) =>
  aclEntries(
    (
      await api<{ access_control_list?: AclViewEntry[] }>(
        'GET',
        `/api/2.0/permissions/serving-endpoints/${encodeURIComponent(name)}`,
      )
    ).access_control_list ?? [],
  );
export const setPermissions = (name: string, acl: AccessControlEntry[]) =>
  api('PUT', `/api/2.0/permissions/serving-endpoints/${encodeURIComponent(name)}`, {
    access_control_list: acl,
  });

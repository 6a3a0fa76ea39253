import { ApiError, api } from './client';
import type { TokenInfo } from './types';

export interface Principal {
  name: string;
  isAdmin: boolean;
}

/**
 * Who the signed-in token belongs to, from the public API alone (a bad token answers 401 here).
 * Only the admin may call the usage export, and it checks that before its parameters: without
 * any, the admin gets 400 and everyone else 403, with nothing read or written. A gateway token
 * lists only its own principal's tokens, its own among them, which names the user.
 */
export async function whoAmI(): Promise<Principal> {
  const status = await api('GET', '/api/2.0/ai-gateway/usage/export').then(
    () => 200,
    (e: unknown) => {
      if (e instanceof ApiError && (e.status === 400 || e.status === 403)) return e.status;
      throw e;
    },
  );
  if (status !== 403) return { name: 'admin', isAdmin: true };
  const { token_infos = [] } = await api<{ token_infos?: TokenInfo[] }>(
    'GET',
    '/api/2.0/token/list',
  );
  return { name: token_infos[0]?.principal ?? 'unknown', isAdmin: false };
}

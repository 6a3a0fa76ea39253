import { api } from './client';
import type { TokenInfo } from './types';

/**
 * Who the signed-in token belongs to, from the public API alone: a gateway token lists only its
 * own principal's tokens (its own among them), while the admin token is in no list and sees
 * everyone's. So one principal in a non-empty list is that user; otherwise it is the admin.
 * (Also a check the token works: a bad one answers 401.)
 */
export async function whoAmI(): Promise<{ name: string; isAdmin: boolean }> {
  const { token_infos = [] } = await api<{ token_infos?: TokenInfo[] }>(
    'GET',
    '/api/2.0/token/list',
  );
  const principals = new Set(token_infos.map((t) => t.principal));
  if (principals.size === 1 && token_infos[0].principal)
    return { name: token_infos[0].principal, isAdmin: false };
  return { name: 'admin', isAdmin: true };
}

import { api } from './client';

export interface Principal {
  name: string;
  isAdmin: boolean;
}

interface ScimMe {
  userName: string;
  is_admin: boolean;
}

/** Who the signed-in token acts for (a bad token answers 401 here). */
export async function whoAmI(): Promise<Principal> {
  const me = await api<ScimMe>('GET', '/api/2.0/preview/scim/v2/Me');
  return { name: me.userName, isAdmin: me.is_admin };
}

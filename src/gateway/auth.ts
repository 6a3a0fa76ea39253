import type { MiddlewareHandler } from 'hono';
import type { FrontDoor } from '../dialects/types';
import type { AppEnv, Principal } from '../env';
import { digestsEqual, sha256Hex } from '../storage/crypto';
import { findTokenByHash, type TokenRecord } from '../storage/tokens';
import { unauthenticated } from './errors';
import { setBounded } from './bounded-map';
import { TtlCache } from './ttl-cache';

// Who is calling (CONTRACT §2). Tokens are looked up by hash and cached per isolate.

const tokenCache = new TtlCache<TokenRecord | null>(30_000);

export const forgetToken = (hash: string) => tokenCache.delete(hash);

/** The presented token: Authorization (Bearer or Basic) wins; the front door's own key header only without it. */
export function presentedToken(req: Request, door: FrontDoor): string | undefined {
  const authorization = req.headers.get('authorization');
  if (authorization) {
    const [scheme, value = ''] = authorization.trim().split(/\s+/, 2);
    if (/^bearer$/i.test(scheme)) return value || undefined;
    if (/^basic$/i.test(scheme)) {
      try {
        const decoded = atob(value);
        const colon = decoded.indexOf(':');
        // curl -u token:T sends "token:T"; accept any user name with the token as password.
        return colon >= 0 ? decoded.slice(colon + 1) || undefined : undefined;
      } catch {
        return undefined;
      }
    }
    return undefined;
  }
  return door.keyToken?.(req);
}

/**
 * Finished digests of recently presented tokens (and the admin token's). A digest is a pure
 * function of its token, so it is never stale; computing it (crypto.subtle, async) was about 7% of
 * the gateway's own work on a JSON request. Only finished digests are kept: one still being
 * computed belongs to the request that started it (workerd's per-request I/O).
 */
const digests = new Map<string, string>();
const DIGESTS_KEPT = 1000;

async function tokenDigest(token: string): Promise<string> {
  const known = digests.get(token);
  if (known) return known;
  const digest = await sha256Hex(token);
  setBounded(digests, token, digest, DIGESTS_KEPT);
  return digest;
}

export async function resolvePrincipal(
  env: AppEnv['Bindings'],
  token: string,
): Promise<Principal | null> {
  // One digest per request serves both the constant-time admin check and the token lookup by hash,
  // so response time says nothing about near misses.
  const hash = await tokenDigest(token);
  if (env.GATEWAY_ADMIN_TOKEN && digestsEqual(hash, await tokenDigest(env.GATEWAY_ADMIN_TOKEN))) {
    return { name: 'admin', type: 'user', groups: ['admins'], isAdmin: true };
  }
  const record = await tokenCache.get(hash, () => findTokenByHash(env.DB, hash));
  if (!record) return null;
  if (record.expiry_time !== -1 && record.expiry_time <= Date.now()) return null;
  // Only the admin can mint a token whose principal is "admin", so such a token acts as the admin.
  return {
    name: record.principal,
    type: record.principal_type,
    groups: record.groups,
    isAdmin: record.principal === 'admin',
    tokenId: record.token_id,
  };
}

export const requireAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = presentedToken(c.req.raw, c.get('frontDoor'));
  if (!token) throw unauthenticated('Missing credentials: send Authorization: Bearer <token>.');
  const principal = await resolvePrincipal(c.env, token);
  if (!principal) throw unauthenticated('Invalid, expired or deleted token.');
  c.set('principal', principal);
  await next();
};

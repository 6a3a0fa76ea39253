import { setBounded } from '../gateway/bounded-map';
import type { GatewayErrorInfo } from '../formats/canonical';
import { GatewayError } from '../gateway/errors';
import { sendUpstream, upstreamJson } from './upstream';

// OAuth access tokens (Entra ID, Google service accounts), cached per isolate until shortly
// before they expire. Concurrent callers share one pending mint, so N requests arriving at
// once cause exactly one token request; a failed mint is forgotten so the next call retries.
// A shared mint is no one caller's work: it does not carry the caller's abort signal (one client
// leaving would fail every request waiting on it), and the request that starts it keeps it
// running past its own end (`keepAlive`, its ctx.waitUntil), since in workerd that request's I/O
// would otherwise end with it and leave the others waiting.

export interface MintedToken {
  accessToken: string;
  /** Lifetime in seconds as the token endpoint reported it (`expires_in`). */
  expiresIn: number;
}

/** Refresh this long before the token endpoint's expiry, so no request carries a dying token. */
export const REFRESH_MARGIN_MS = 60_000;

interface Entry {
  token: Promise<string>;
  /** When a fresh mint is needed; Infinity while the mint is still pending. */
  refreshAt: number;
}

export class AccessTokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxEntries = 500) {}

  get(
    key: string,
    mint: () => Promise<MintedToken>,
    keepAlive?: (work: Promise<unknown>) => void,
  ): Promise<string> {
    const hit = this.entries.get(key);
    if (hit && Date.now() < hit.refreshAt) return hit.token;
    const entry: Entry = { token: Promise.resolve(''), refreshAt: Infinity };
    entry.token = mint().then(
      (minted) => {
        entry.refreshAt = Date.now() + minted.expiresIn * 1000 - REFRESH_MARGIN_MS;
        return minted.accessToken;
      },
      (err) => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
        throw err;
      },
    );
    setBounded(this.entries, key, entry, this.maxEntries);
    keepAlive?.(entry.token.catch(() => {}));
    return entry.token;
  }

  clear(): void {
    this.entries.clear();
  }
}

/**
 * POSTs a form to an OAuth token endpoint and reads `{access_token, expires_in}`. A rejected
 * grant (bad secret, bad key, unknown tenant) is the gateway's credentials failing upstream:
 * answered 401 whatever 4xx the token endpoint used; throttling stays 429, outages 502/504.
 */
export async function requestAccessToken(
  url: string,
  form: Record<string, string>,
  who: string,
): Promise<MintedToken> {
  const init = {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(form).toString(),
  };
  let response: Response;
  try {
    response = await sendUpstream(url, init, decodeOAuthError);
  } catch (err) {
    if (
      err instanceof GatewayError &&
      err.status >= 400 &&
      err.status < 500 &&
      err.status !== 429
    ) {
      throw new GatewayError({
        status: 401,
        message: `${who} rejected the gateway's credentials: ${err.message}`,
        code: 'upstream_authentication_failed',
        upstreamStatus: err.upstreamStatus,
      });
    }
    throw err;
  }
  const body = await upstreamJson(response);
  if (typeof body?.access_token !== 'string')
    throw new GatewayError({
      status: 502,
      message: `${who} answered without an access_token.`,
      code: 'upstream_invalid_response',
    });
  return { accessToken: body.access_token, expiresIn: Number(body.expires_in) || 3600 };
}

function decodeOAuthError(status: number, text: string): GatewayErrorInfo {
  try {
    const body = JSON.parse(text);
    const description = body.error_description ?? body.error?.message ?? body.error;
    return {
      status,
      message: String(description ?? text).split('\r\n')[0],
      code: typeof body.error === 'string' ? body.error : undefined,
    };
  } catch {
    return { status, message: text.slice(0, 300) || `token endpoint answered ${status}` };
  }
}

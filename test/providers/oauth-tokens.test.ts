import { describe, expect, it } from 'vitest';
import { AccessTokenCache } from '../../src/providers/oauth-tokens';

// The per-isolate OAuth token cache: one mint shared by concurrent callers, kept alive by the
// request that started it (its ctx.waitUntil), and forgotten when it fails.

describe('AccessTokenCache', () => {
  it('has only the caller that starts a mint keep it alive, and what it keeps never rejects', async () => {
    const cache = new AccessTokenCache();
    const kept: Promise<unknown>[] = [];
    const keepAlive = (work: Promise<unknown>) => kept.push(work);
    let release!: () => void;
    const mint = () =>
      new Promise<{ accessToken: string; expiresIn: number }>((resolve) => {
        release = () => resolve({ accessToken: 'token-1', expiresIn: 3600 });
      });
    const first = cache.get('k', mint, keepAlive);
    const second = cache.get('k', mint, keepAlive);
    expect(kept).toHaveLength(1);
    release();
    expect(await Promise.all([first, second])).toEqual(['token-1', 'token-1']);

    const failing = cache.get('bad', () => Promise.reject(new Error('no grant')), keepAlive);
    await expect(failing).rejects.toThrow('no grant');
    expect(kept).toHaveLength(2);
    await expect(kept[1]).resolves.toBeUndefined();
    // A failed mint is forgotten: the next caller mints (and keeps that mint alive) again.
    await expect(
      cache.get('bad', async () => ({ accessToken: 'token-2', expiresIn: 3600 }), keepAlive),
    ).resolves.toBe('token-2');
    expect(kept).toHaveLength(3);
  });
});

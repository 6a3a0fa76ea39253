import { describe, expect, it } from 'vitest';
import { TtlCache } from '../../src/gateway/ttl-cache';

// The per-isolate cache shares loaded values only; invalidation wins over a load under way.

describe('TtlCache', () => {
  it('serves a loaded value until it expires', async () => {
    const cache = new TtlCache<number>(60_000);
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get('k', load)).toBe(1);
    expect(await cache.get('k', load)).toBe(1);
    expect(await cache.get('k', load, 0)).toBe(1);
    cache.delete('k');
    expect(await cache.get('k', load, -1)).toBe(2);
    expect(await cache.get('k', load)).toBe(3);
  });

  it('does not keep a value loaded before the entry was invalidated', async () => {
    const cache = new TtlCache<string>(60_000);
    let release!: (v: string) => void;
    const stale = cache.get('k', () => new Promise<string>((r) => (release = r)));
    cache.delete('k');
    release('old config');
    expect(await stale).toBe('old config');
    expect(await cache.get('k', async () => 'new config')).toBe('new config');
  });

  it('keeps no failed load', async () => {
    const cache = new TtlCache<string>(60_000);
    await expect(
      cache.get('k', async () => {
        throw new Error('D1 down');
      }),
    ).rejects.toThrow('D1 down');
    expect(await cache.get('k', async () => 'loaded')).toBe('loaded');
  });
});

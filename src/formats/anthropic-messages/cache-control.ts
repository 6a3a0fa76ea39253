import type { CacheControl } from '../canonical';

// `cache_control` marks travel on blocks and tools; canonical keeps them as `cacheControl`.

/** The mark as the caller wrote it: the provider that honours it is the one to validate it. */
export function decodeCacheControl(block: Record<string, unknown>): {
  cacheControl?: CacheControl;
} {
  const cc = block.cache_control;
  return cc && typeof cc === 'object' ? { cacheControl: { ...cc } as CacheControl } : {};
}

export function encodeCacheControl(part: { cacheControl?: CacheControl }): {
  cache_control?: CacheControl;
} {
  return part.cacheControl ? { cache_control: { ...part.cacheControl } } : {};
}

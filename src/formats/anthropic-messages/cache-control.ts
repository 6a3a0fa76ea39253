import type { CacheControl } from '../canonical';

// `cache_control` marks travel on blocks and tools; canonical keeps them as `cacheControl`.

export function decodeCacheControl(block: Record<string, any>): { cacheControl?: CacheControl } {
  const cc = block.cache_control;
  return cc && typeof cc === 'object' ? { cacheControl: { ...cc } } : {};
}

export function encodeCacheControl(part: { cacheControl?: CacheControl }): { cache_control?: CacheControl } {
  return part.cacheControl ? { cache_control: { ...part.cacheControl } } : {};
}

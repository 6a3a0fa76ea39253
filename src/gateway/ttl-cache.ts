import { setBounded } from './bounded-map';

/**
 * A per-isolate cache with expiry. The hot path reads config, tokens and credentials from here
 * instead of D1; writes through the control plane invalidate the local copy at once, other
 * isolates pick changes up within the TTL.
 *
 * Only loaded values are shared. A load under way belongs to the request that started it: workerd
 * binds its I/O to that request, so another request awaiting it would hang if that request were
 * cancelled mid-load. Concurrent misses each load; the last to finish is kept.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();
  /** Bumped by delete, so a load that started before an invalidation is not kept. */
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 1000,
  ) {}

  /** The cached value, or `load()`'s (kept unless it fails or the cache was invalidated meanwhile). */
  async get(key: string, load: () => Promise<V>, ttlMs = this.ttlMs): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.expires > Date.now()) return hit.value;
    const generation = this.generation;
    const value = await load();
    if (generation === this.generation)
      setBounded(this.entries, key, { value, expires: Date.now() + ttlMs }, this.maxEntries);
    return value;
  }

  delete(key: string): void {
    this.generation++;
    this.entries.delete(key);
  }
}

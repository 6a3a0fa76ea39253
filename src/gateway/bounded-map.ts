/**
 * Sets `key` in a per-isolate map kept to at most `max` entries: a new key in a full map first
 * removes the entry set longest ago (a Map iterates in insertion order).
 */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  if (map.size >= max && !map.has(key)) map.delete(map.keys().next().value as K);
  map.set(key, value);
}

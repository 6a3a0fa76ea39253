import type { UsageRow } from '../api/types';

/**
 * The usage routes' `tag` parameter for a chosen key and value: `key:value`, or `key` alone for
 * any value; none without a key.
 */
export const tagFilter = (key: string, value: string): string[] =>
  key ? [value ? `${key}:${value}` : key] : [];

/** Every tag key seen in the rows, and the chosen one (which a filtered page may lack), sorted. */
export const tagKeys = (rows: readonly UsageRow[], chosen = '') =>
  [
    ...new Set([...rows.flatMap((r) => Object.keys(r.request_tags ?? {})), chosen].filter(Boolean)),
  ].sort();

import { describe, expect, it } from 'vitest';
import type { UsageRow } from '../src/api/types';
import { query } from '../src/api/client';
import { tagFilter, tagKeys } from '../src/lib/tag-filter';

describe('tag filter', () => {
  it('is key:value, the key alone for any value, nothing without a key', () => {
    expect(tagFilter('team', 'a:b "c"')).toEqual(['team:a:b "c"']);
    expect(tagFilter('team', '')).toEqual(['team']);
    expect(tagFilter('', 'x')).toEqual([]);
  });

  it('travels as repeated, encoded query parameters', () => {
    expect(query({ tag: ['team:a b', 'app'], end_time: 5, requester: undefined })).toBe(
      '?tag=team%3Aa+b&tag=app&end_time=5',
    );
    expect(query({ tag: [] })).toBe('');
  });

  it('lists every key seen, and the chosen one', () => {
    const rows = [
      { request_tags: { team: 'a' } },
      { request_tags: { team: 'b', app: 'x' } },
      { request_tags: {} },
    ] as unknown as UsageRow[];
    expect(tagKeys(rows)).toEqual(['app', 'team']);
    expect(tagKeys(rows, 'zone')).toEqual(['app', 'team', 'zone']);
    expect(tagKeys([], '')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { setBounded } from '../../src/gateway/bounded-map';

describe('setBounded', () => {
  it('drops the entry set longest ago when a new key comes to a full map', () => {
    const map = new Map<string, number>();
    for (const [i, key] of ['a', 'b', 'c'].entries()) setBounded(map, key, i, 3);
    setBounded(map, 'd', 3, 3);
    expect([...map.keys()]).toEqual(['b', 'c', 'd']);
  });

  it('drops nothing when a full map gets a key it has', () => {
    const map = new Map([
      ['a', 0],
      ['b', 1],
    ]);
    setBounded(map, 'a', 9, 2);
    expect(Object.fromEntries(map)).toEqual({ a: 9, b: 1 });
  });
});

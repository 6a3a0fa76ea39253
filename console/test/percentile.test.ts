import { describe, expect, it } from 'vitest';
import { percentile } from '../src/lib/percentile';

describe('percentile (nearest rank, as the usage summary computes it)', () => {
  it('is null for no values', () => expect(percentile([], 50)).toBeNull());
  it('picks the value at rank ceil(p·n/100) of the sorted values', () => {
    const values = [50, 10, 40, 20, 30];
    expect(percentile(values, 50)).toBe(30);
    expect(percentile(values, 95)).toBe(50);
    expect(percentile(values, 0)).toBe(10);
  });
  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });
});

import { describe, expect, it } from 'vitest';
import type { FinishReason } from '../../src/formats/canonical';
import {
  decodeFinishReason,
  encodeFinishReason,
  responseFinish,
} from '../../src/formats/finish-reason';

// The table mechanics every dialect's finish reasons share.

const table = { done: 'stop', cut: 'length', calls: 'tool_calls' } as const;
const encoding: Record<FinishReason, 'done' | 'cut' | 'calls'> = {
  stop: 'done',
  length: 'cut',
  tool_calls: 'calls',
  content_filter: 'done',
  other: 'done',
};

describe('decodeFinishReason', () => {
  it('maps a listed value and keeps it raw', () => {
    expect(decodeFinishReason(table, 'cut')).toEqual({ reason: 'length', rawReason: 'cut' });
  });

  it('makes an unlisted value other, kept raw, never stop', () => {
    expect(decodeFinishReason(table, 'brand_new')).toEqual({
      reason: 'other',
      rawReason: 'brand_new',
    });
    expect(decodeFinishReason(table, 'toString')).toEqual({
      reason: 'other',
      rawReason: 'toString',
    });
  });

  it.each([undefined, null, '', 42])('reads no value (%s) as a plain stop', (value) => {
    expect(decodeFinishReason(table, value)).toEqual({ reason: 'stop' });
  });
});

describe('encodeFinishReason', () => {
  it('uses the encoding when there is no raw value', () => {
    expect(encodeFinishReason(table, encoding, 'length', undefined)).toBe('cut');
    expect(encodeFinishReason(table, encoding, 'other', undefined)).toBe('done');
  });

  it('passes a raw value the dialect writes with the same meaning', () => {
    expect(encodeFinishReason(table, encoding, 'tool_calls', 'calls')).toBe('calls');
  });

  it('passes a raw value the dialect writes when the reason is other', () => {
    expect(encodeFinishReason(table, encoding, 'other', 'cut')).toBe('cut');
  });

  it('ignores a raw value of another meaning or of another dialect', () => {
    expect(encodeFinishReason(table, encoding, 'stop', 'cut')).toBe('done');
    expect(encodeFinishReason(table, encoding, 'length', 'MAX_TOKENS')).toBe('cut');
    expect(encodeFinishReason(table, encoding, 'other', 'brand_new')).toBe('done');
  });
});

describe('responseFinish', () => {
  it('gives the response fields, the raw one only when there is one', () => {
    expect(responseFinish({ reason: 'other', rawReason: 'x' })).toEqual({
      finishReason: 'other',
      rawFinishReason: 'x',
    });
    expect(Object.keys(responseFinish({ reason: 'stop' }))).toEqual(['finishReason']);
  });
});

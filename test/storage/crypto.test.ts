import { describe, expect, it } from 'vitest';
import { randomHex, sha256Hex } from '../../src/storage/crypto';

// Token hashes are stored: their hex form must stay exactly SHA-256's, byte for byte.

describe('hex digests', () => {
  it('gives the standard SHA-256 hex of known inputs', async () => {
    expect(await sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(await sha256Hex('')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('writes random bytes as two lowercase hex digits each', () => {
    const hex = randomHex(32);
    expect(hex).toMatch(/^[0-9a-f]{64}$/);
    expect(randomHex(32)).not.toBe(hex);
  });
});

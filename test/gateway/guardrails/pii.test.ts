import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../../src/formats/canonical';
import { keywordMatcher } from '../../../src/gateway/guardrails/keywords';
import { findPii, ibanValid, luhnValid, maskMatches } from '../../../src/gateway/guardrails/pii';
import { streamGuard } from '../../../src/gateway/guardrails/stream-guard';

const mask = (text: string) => maskMatches(text, findPii(text));

describe('pii detectors', () => {
  it.each([
    ['write to jane.doe+news@mail.example.com today', 'write to [EMAIL] today'],
    ['card 4111 1111 1111 1111 ok', 'card [CREDIT_CARD] ok'],
    ['card 4111-1111-1111-1111.', 'card [CREDIT_CARD].'],
    ['iban DE89 3704 0044 0532 0130 00 thanks', 'iban [IBAN] thanks'],
    ['iban GB82WEST12345698765432', 'iban [IBAN]'],
    ['ssn 123-45-6789', 'ssn [US_SSN]'],
    ['call +1 (415) 555-0100 or 415.555.0199', 'call [PHONE_NUMBER] or [PHONE_NUMBER]'],
    ['call +44 20 7946 0958', 'call [PHONE_NUMBER]'],
    ['from 192.168.0.12, not 999.1.1.1', 'from [IP_ADDRESS], not 999.1.1.1'],
    ['v6 2001:db8::8a2e:370:7334 and fe80::1', 'v6 [IP_ADDRESS] and [IP_ADDRESS]'],
  ])('masks %j', (text, masked) => {
    expect(mask(text)).toBe(masked);
  });

  it.each([
    ['a card number that fails Luhn', 'card 4111 1111 1111 1112'],
    ['an IBAN with a bad checksum', 'DE88 3704 0044 0532 0130 00'],
    ['an SSN that cannot exist', '000-12-3456 and 666-12-3456'],
    ['a date and a version', 'on 2024-05-17 we shipped v1.2.3'],
    ['a short number', 'order 12345 costs 99.95'],
  ])('leaves alone %s', (_, text) => {
    expect(findPii(text)).toEqual([]);
  });

  it('implements Luhn and the IBAN mod-97 check', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
    expect(ibanValid('FR1420041010050500013M02606')).toBe(true);
    expect(ibanValid('FR1420041010050500013M02607')).toBe(false);
  });
});

describe('invalid_keywords', () => {
  const k = keywordMatcher(['Bomb', 'credit card'])!;
  it('matches whole words, case-insensitively, and names the configured keyword', () => {
    expect(k.find('how to build a BOMB?')?.keyword).toBe('Bomb');
    expect(k.find('my Credit  card')).toBeNull();
    expect(k.find('my credit card')?.keyword).toBe('credit card');
    expect(k.find('a bombastic speech')).toBeNull();
    expect(k.find('the bombs')).toBeNull();
  });
});

describe('stream guard', () => {
  const run = (chunks: string[], pii: 'MASK' | 'BLOCK', keywords: string[] = []) => {
    const tap = streamGuard({
      pii,
      keywords: keywordMatcher(keywords),
      onPii() {},
      blocked: (guardrail, detail) => ({ status: 400, message: `${guardrail}: ${detail}` }),
    });
    const perChunk: StreamEvent[][] = chunks.map((text) => tap.event({ type: 'text', text }));
    perChunk.push([...tap.event({ type: 'finish', reason: 'stop' }), ...(tap.end?.() ?? [])]);
    const all = perChunk.flat();
    return { perChunk, all, text: all.map((e) => (e.type === 'text' ? e.text : '')).join('') };
  };

  it('masks an e-mail address split across two chunks', () => {
    const { text, all } = run(['Hello, write to bob.smi', 'th@example.com for details.'], 'MASK');
    expect(text).toBe('Hello, write to [EMAIL] for details.');
    expect(all.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
  });

  it('masks a card number arriving four characters at a time', () => {
    const card = 'pay with 4111 1111 1111 1111 now';
    const { text } = run(card.match(/.{1,4}/gs)!, 'MASK');
    expect(text).toBe('pay with [CREDIT_CARD] now');
  });

  it('sends text on before the stream ends, holding back only a short tail', () => {
    const filler = 'x'.repeat(400);
    const { perChunk } = run([`${filler} `, 'and more'], 'MASK');
    const firstOut = perChunk[0].map((e) => (e.type === 'text' ? e.text : '')).join('');
    expect(firstOut.length).toBeGreaterThan(250);
    expect(firstOut.length).toBeLessThan(401);
  });

  it('blocks before the PII leaves, with an error event and nothing after it', () => {
    const { text, all } = run(['My number is 415-55', '5-0100, call me', ' later'], 'BLOCK');
    expect(text).not.toContain('415');
    expect(all.filter((e) => e.type === 'error')).toHaveLength(1);
    expect(all.at(-1)).toMatchObject({ type: 'error', error: { message: 'pii: PHONE_NUMBER' } });
  });

  it('does not block a keyword that turns out to be the start of a longer word', () => {
    expect(run(['a bomb', 'astic speech'], 'MASK', ['bomb']).text).toBe('a bombastic speech');
    expect(run(['a bomb', ' went off'], 'MASK', ['bomb']).all.at(-1)).toMatchObject({
      type: 'error',
    });
  });
});

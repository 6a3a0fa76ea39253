// The `pii` guardrail's detectors: regular expressions that find candidates, and checks that
// keep only real ones (Luhn for card numbers, mod-97 for IBANs, octet ranges for IPs).

export type PiiType = 'EMAIL' | 'PHONE_NUMBER' | 'CREDIT_CARD' | 'IBAN' | 'US_SSN' | 'IP_ADDRESS';

export interface PiiMatch {
  type: PiiType;
  start: number;
  end: number;
}

/**
 * No detector matches more than this many characters, so a stream masker that holds back this
 * much text can never emit the first part of a match it has not recognised yet.
 */
export const PII_MAX_LENGTH = 120;

interface Detector {
  type: PiiType;
  pattern: RegExp;
  valid?: (text: string) => boolean;
}

const digits = (s: string) => s.replace(/\D/g, '');

/** The Luhn checksum every payment card number carries. */
export function luhnValid(number: string): boolean {
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let d = number.charCodeAt(number.length - 1 - i) - 48;
    if (i % 2 === 1 && (d *= 2) > 9) d -= 9;
    sum += d;
  }
  return number.length > 0 && sum % 10 === 0;
}

/** ISO 13616: move the first four characters to the end, letters to numbers, remainder mod 97 is 1. */
export function ibanValid(candidate: string): boolean {
  const iban = candidate.replace(/ /g, '').toUpperCase();
  if (iban.length < 15 || iban.length > 34) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const value = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of value) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return remainder === 1;
}

function ipv6Valid(text: string): boolean {
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h ? h.split(':') : []));
  if (!groups.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  return halves.length === 2 ? groups.length < 8 && groups.length >= 1 : groups.length === 8;
}

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';

// Order matters: where matches overlap, the earlier detector wins (a card number is not a phone).
const DETECTORS: Detector[] = [
  {
    type: 'EMAIL',
    pattern:
      /(?<![\w.%+-])[A-Za-z0-9._%+-]{1,40}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,23}[A-Za-z0-9])?\.){1,2}[A-Za-z]{2,10}(?![\w-])/g,
  },
  {
    type: 'CREDIT_CARD',
    pattern: /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g,
    valid: (t) => luhnValid(digits(t)),
  },
  {
    type: 'IBAN',
    pattern:
      /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9])/g,
    valid: ibanValid,
  },
  {
    type: 'US_SSN',
    pattern: /(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])/g,
  },
  {
    type: 'PHONE_NUMBER',
    pattern:
      /(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]?\d{2,4}){1,4}(?![\w])/g,
    valid: (t) => {
      const n = digits(t).length;
      // Plain runs of digits are only phone numbers with a + or the 10 digits of a US number.
      return n >= 10 && n <= 15 && (/[+() .-]/.test(t) || n === 10);
    },
  },
  {
    type: 'IP_ADDRESS',
    pattern: new RegExp(`(?<![\\d.])(?:${OCTET}\\.){3}${OCTET}(?!\\.?\\d)`, 'g'),
  },
  {
    type: 'IP_ADDRESS',
    pattern: /(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])/g,
    valid: ipv6Valid,
  },
];

/** Every PII match in `text`, in order, without overlaps. */
export function findPii(text: string): PiiMatch[] {
  const found: PiiMatch[] = [];
  for (const detector of DETECTORS) {
    for (const m of text.matchAll(detector.pattern)) {
      const start = m.index!;
      const end = start + m[0].length;
      if (detector.valid && !detector.valid(m[0])) continue;
      if (found.some((f) => start < f.end && f.start < end)) continue;
      found.push({ type: detector.type, start, end });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** `text` with each match replaced by its typed placeholder, e.g. `[EMAIL]`. */
export function maskMatches(text: string, matches: PiiMatch[]): string {
  let out = '';
  let at = 0;
  for (const m of matches) {
    out += `${text.slice(at, m.start)}[${m.type}]`;
    at = m.end;
  }
  return out + text.slice(at);
}

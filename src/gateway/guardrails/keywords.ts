// The `invalid_keywords` guardrail: a case-insensitive whole-word match on any listed keyword.

export interface KeywordMatcher {
  /** The first listed keyword found in `text` as a whole word (as configured), or null. */
  find(text: string): { keyword: string; start: number; end: number } | null;
  /** The longest keyword, for stream maskers that must hold back a possible partial match. */
  maxLength: number;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function keywordMatcher(keywords: string[]): KeywordMatcher | null {
  const list = keywords.map((k) => k.trim()).filter(Boolean);
  if (list.length === 0) return null;
  // Longest first, so "credit card" wins over "credit"; letters, digits and _ make up a word.
  const sorted = [...list].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}_])(?:${sorted.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}_])`,
    'iu',
  );
  return {
    find(text) {
      const m = pattern.exec(text);
      if (!m) return null;
      const keyword = list.find((k) => k.toLowerCase() === m[0].toLowerCase()) ?? m[0];
      return { keyword, start: m.index, end: m.index + m[0].length };
    },
    maxLength: Math.max(...list.map((k) => k.length)),
  };
}

import { badRequest } from './errors';

export const REQUEST_TAGS_HEADER = 'Databricks-Ai-Gateway-Request-Tags';

/** What the tags header may hold; past any of these the request is refused (never stored cut short). */
export const REQUEST_TAG_LIMITS = {
  tags: 20,
  keyChars: 64,
  valueChars: 256,
  headerBytes: 8 * 1024,
} as const;

const encoder = new TextEncoder();
const refuse = (problem: string) =>
  badRequest(`${REQUEST_TAGS_HEADER} ${problem}`, REQUEST_TAGS_HEADER);
/** Characters as people count them (code points, so an emoji is one). */
const chars = (s: string) => [...s].length;
const quote = (s: string) => (chars(s) > 40 ? `'${[...s].slice(0, 40).join('')}…'` : `'${s}'`);

/** The request tags header: a JSON object of string → string within REQUEST_TAG_LIMITS, or a 400 naming what is wrong. */
export function parseRequestTags(header: string | null | undefined): Record<string, string> {
  if (header === null || header === undefined || header.trim() === '') return {};
  const bytes = encoder.encode(header).byteLength;
  if (bytes > REQUEST_TAG_LIMITS.headerBytes)
    throw refuse(
      `is ${bytes} bytes; at most ${REQUEST_TAG_LIMITS.headerBytes} (8 KiB) are allowed.`,
    );
  let value: unknown;
  try {
    value = JSON.parse(header);
  } catch {
    throw refuse('must be a JSON object of string values.');
  }
  if (
    !value ||
    typeof value !== 'object' ||
    Array.isArray(value) ||
    !Object.values(value).every((v) => typeof v === 'string')
  ) {
    throw refuse('must be a JSON object of string values.');
  }
  const tags = Object.entries(value as Record<string, string>);
  if (tags.length > REQUEST_TAG_LIMITS.tags)
    throw refuse(`holds ${tags.length} tags; at most ${REQUEST_TAG_LIMITS.tags} are allowed.`);
  for (const [key, text] of tags) {
    if (chars(key) > REQUEST_TAG_LIMITS.keyChars) {
      throw refuse(
        `has a key of ${chars(key)} characters (${quote(key)}); keys may have at most ${REQUEST_TAG_LIMITS.keyChars}.`,
      );
    }
    if (chars(text) > REQUEST_TAG_LIMITS.valueChars) {
      throw refuse(
        `has a value of ${chars(text)} characters for ${quote(key)}; values may have at most ${REQUEST_TAG_LIMITS.valueChars}.`,
      );
    }
  }
  return value as Record<string, string>;
}

import { badRequest } from './errors';

export const REQUEST_TAGS_HEADER = 'Databricks-Ai-Gateway-Request-Tags';

/** The request tags header: a JSON object of string → string, or a 400. */
export function parseRequestTags(header: string | null | undefined): Record<string, string> {
  if (header === null || header === undefined || header.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(header);
  } catch {
    throw badRequest(`${REQUEST_TAGS_HEADER} must be a JSON object of string values.`, REQUEST_TAGS_HEADER);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    throw badRequest(`${REQUEST_TAGS_HEADER} must be a JSON object of string values.`, REQUEST_TAGS_HEADER);
  }
  return value as Record<string, string>;
}

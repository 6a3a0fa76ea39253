/** A JSON object (not null, not an array): what a codec checks before it reads a value's fields. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  !!value && typeof value === 'object' && !Array.isArray(value);

import { isRecord } from './is-record';

/** A request a codec cannot decode: answered 400 in the caller's dialect, naming the field. */
export class InvalidRequest extends Error {
  readonly status = 400;
  constructor(
    message: string,
    readonly param?: string,
  ) {
    super(param ? `${param}: ${message}` : message);
  }
}

export function expectObject(value: unknown, param: string): Record<string, unknown> {
  if (!isRecord(value)) throw new InvalidRequest('must be an object', param);
  return value;
}

export function expectArray(value: unknown, param: string): unknown[] {
  if (!Array.isArray(value)) throw new InvalidRequest('must be an array', param);
  return value;
}

export function optionalNumber(value: unknown, param: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new InvalidRequest('must be a number', param);
  return value;
}

export function optionalString(value: unknown, param: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new InvalidRequest('must be a string', param);
  return value;
}

/** `stop` as a string or a list of strings. */
export function stopSequences(value: unknown, param: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((s) => typeof s === 'string')) return value;
  throw new InvalidRequest('must be a string or an array of strings', param);
}

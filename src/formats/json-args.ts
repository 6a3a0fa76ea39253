import { isRecord } from './is-record';

// Tool-call arguments are JSON strings in OpenAI-style formats and objects elsewhere.

/** Parses tool arguments to an object; empty → {}; invalid JSON or non-objects are wrapped, never thrown. */
export function argumentsToObject(args: string): Record<string, unknown> {
  if (!args?.trim()) return {};
  try {
    const value: unknown = JSON.parse(args);
    return isRecord(value) ? value : { value };
  } catch {
    return { _raw_arguments: args };
  }
}

export function objectToArguments(input: unknown): string {
  if (input === undefined || input === null) return '{}';
  return typeof input === 'string' ? input : JSON.stringify(input);
}

import { isRecord } from '../is-record';

// Google's REST API accepts snake_case field names as well as camelCase; clients writing raw JSON
// (curl, Python dicts) use either. Only Google's own field names go through this, never user data
// such as schema properties or function arguments.

/** Spellings by camelCase name: the names are Google's, a fixed few, and looked up per field read. */
const snakeCase = new Map<string, string>();
function snake(name: string): string {
  let spelling = snakeCase.get(name);
  if (spelling === undefined) {
    spelling = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    snakeCase.set(name, spelling);
  }
  return spelling;
}

/** `o[name]`, or its snake_case spelling; undefined when `o` is no object. */
export function field(o: unknown, name: string): unknown {
  if (!isRecord(o)) return undefined;
  return o[name] ?? o[snake(name)];
}

/** Whether `key` is `name` in either spelling. */
export const isField = (key: string, name: string) => key === name || key === snake(name);

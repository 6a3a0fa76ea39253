import { isRecord } from '../is-record';

// Google's REST API accepts snake_case field names as well as camelCase; clients writing raw JSON
// (curl, Python dicts) use either. Only Google's own field names go through this, never user data
// such as schema properties or function arguments.

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** `o[name]`, or its snake_case spelling; undefined when `o` is no object. */
export function field(o: unknown, name: string): unknown {
  if (!isRecord(o)) return undefined;
  return o[name] ?? o[snake(name)];
}

/** Whether `key` is `name` in either spelling. */
export const isField = (key: string, name: string) => key === name || key === snake(name);

import { invalidParameter } from '../gateway/errors';
import type { TagMatch } from '../storage/usage';

// The tag filter of the usage routes, and the rule for tag keys they share with group_by=tag:<key>.

/** Keys go into a JSON path ($."key"), so they hold neither quotes nor backslashes. */
export const isTagKey = (key: string) => key !== '' && !/["\\]/.test(key);

// Each tag binds two parameters, and D1 takes 100 per statement with the endpoint names.
const MAX_TAGS = 10;

/**
 * `tag=<key>:<value>` (that value; the value may hold anything, colons too) or `tag=<key>` (any
 * value), repeatable: a row must match all. Undefined when there is none.
 */
export function tagFilter(params: string[] | undefined): TagMatch[] | undefined {
  if (!params?.length) return undefined;
  if (params.length > MAX_TAGS) throw invalidParameter(`At most ${MAX_TAGS} tag filters.`);
  return params.map((param) => {
    const colon = param.indexOf(':');
    const key = colon < 0 ? param : param.slice(0, colon);
    if (!isTagKey(key))
      throw invalidParameter(
        `tag must be <key>:<value> or <key>, the key non-empty and without quotes, backslashes or colons; got '${param}'.`,
      );
    return colon < 0 ? { key } : { key, value: param.slice(colon + 1) };
  });
}

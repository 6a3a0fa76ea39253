import type { ParamDoc } from './types';

// Path and query parameters that several routes share.

export const endpointPath: ParamDoc = {
  name: 'name',
  in: 'path',
  required: true,
  description: 'Serving endpoint name.',
};
export const responseId: ParamDoc = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'The response id.',
};
export const usageFilters: readonly ParamDoc[] = [
  { name: 'endpoint_name', in: 'query', description: 'Only this endpoint (CAN_MANAGE on it).' },
  { name: 'requester', in: 'query', description: 'Only this principal.' },
  { name: 'start_time', in: 'query', description: 'From (inclusive): epoch ms or an ISO date.' },
  { name: 'end_time', in: 'query', description: 'Until (exclusive): epoch ms or an ISO date.' },
];
export const tagFilter: ParamDoc = {
  name: 'tag',
  in: 'query',
  repeated: true,
  description:
    'Only rows whose request tag <key> is <value> (`<key>:<value>`, split at the first colon) or that carry <key> at all (`<key>`). Repeatable, up to 10: all must hold.',
};
export const paging: readonly ParamDoc[] = [
  { name: 'page_token', in: 'query', description: 'next_page_token of the previous page.' },
  { name: 'max_results', in: 'query', description: 'Rows per page, 1 to 1000 (default 100).' },
];

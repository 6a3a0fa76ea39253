import * as z from 'zod/mini';

// The request bodies of the control plane's secrets, tokens and permissions routes: what the
// handlers in src/control/ validate, and what the OpenAPI document (src/openapi/) is built from.

/** Scopes of this prefix hold endpoints' own credentials; callers cannot name them. */
export const PRIVATE_SCOPE_PREFIX = '__endpoint_';

const scopeName = z.string().check(
  z.regex(
    /^[A-Za-z0-9_.@-]{1,128}$/,
    'must be 1-128 letters, digits, dashes, underscores, dots or @',
  ),
  z.refine(
    (s) => !s.startsWith(PRIVATE_SCOPE_PREFIX),
    `names starting with ${PRIVATE_SCOPE_PREFIX} are reserved for endpoint credentials`,
  ),
);
const keyName = z
  .string()
  .check(
    z.regex(
      /^[A-Za-z0-9_.@/-]{1,128}$/,
      'must be 1-128 letters, digits, dashes, underscores, dots, slashes or @',
    ),
  );

/** POST /api/2.0/secrets/scopes/create and …/scopes/delete */
export const scopeBody = z.object({ scope: scopeName });
/** POST /api/2.0/secrets/put */
export const putSecretBody = z.object({ scope: scopeName, key: keyName, string_value: z.string() });
/** POST /api/2.0/secrets/delete */
export const deleteSecretBody = z.object({ scope: scopeName, key: keyName });

/** POST /api/2.0/token/create */
export const createTokenBody = z.strictObject({
  comment: z.optional(z.string().check(z.maxLength(1000))),
  lifetime_seconds: z.optional(z.int().check(z.positive())),
  principal: z.optional(z.string().check(z.minLength(1), z.maxLength(256))),
  principal_type: z.optional(z.enum(['user', 'service_principal'])),
  groups: z.optional(z.array(z.string().check(z.minLength(1)))),
});

/** POST /api/2.0/token/delete */
export const deleteTokenBody = z.object({ token_id: z.string().check(z.minLength(1)) });

export const permissionEntry = z
  .strictObject({
    user_name: z.optional(z.string().check(z.minLength(1))),
    group_name: z.optional(z.string().check(z.minLength(1))),
    service_principal_name: z.optional(z.string().check(z.minLength(1))),
    permission_level: z.enum(['CAN_QUERY', 'CAN_VIEW', 'CAN_MANAGE']),
  })
  .check(
    z.refine(
      (e) => [e.user_name, e.group_name, e.service_principal_name].filter(Boolean).length === 1,
      { message: 'give exactly one of user_name, group_name, service_principal_name' },
    ),
  );

/** PUT and PATCH /api/2.0/permissions/serving-endpoints/{name} */
export const permissionsBody = z.strictObject({ access_control_list: z.array(permissionEntry) });

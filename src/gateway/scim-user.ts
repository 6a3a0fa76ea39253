import type { Principal } from '../env';

// A principal as Databricks' SCIM API shows a user (GET …/preview/scim/v2/Me).

/** A principal as a SCIM user; the admin is the member of `admins`. */
export function scimUser(principal: Principal) {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    id: principal.name,
    userName: principal.name,
    displayName: principal.name,
    active: true,
    groups: principal.groups.map((group) => ({ display: group })),
    // Not SCIM: what the gateway's permission checks go by.
    principal_type: principal.type,
    is_admin: principal.isAdmin,
  };
}

import type { AccessControlEntry } from '../api/types';

// GET …/permissions answers in Databricks' shape, each entry's levels under all_permissions; PUT
// takes one permission_level per entry. The console holds the PUT shape, so a list it read can be
// sent back with one entry added or removed.

export interface AclViewEntry {
  user_name?: string;
  group_name?: string;
  service_principal_name?: string;
  permission_level?: string;
  all_permissions?: { permission_level: string; inherited?: boolean }[];
}

/**
 * The entries as PUT takes them. Inherited levels are not the endpoint's own, so they are left
 * out (PUT would make them so); an entry with nothing of its own is dropped.
 */
export function aclEntries(view: AclViewEntry[]): AccessControlEntry[] {
  return view.flatMap(({ all_permissions, permission_level, ...who }) => {
    const level = permission_level ?? all_permissions?.find((p) => !p.inherited)?.permission_level;
    return level ? [{ ...who, permission_level: level }] : [];
  });
}

export type PermissionLevel = 'CAN_QUERY' | 'CAN_VIEW' | 'CAN_MANAGE';
export type PrincipalKind = 'user' | 'group' | 'service_principal';

export interface PermissionEntry {
  principal_kind: PrincipalKind;
  principal: string;
  permission_level: PermissionLevel;
}

export async function listPermissions(
  db: D1Database,
  endpointName: string,
): Promise<PermissionEntry[]> {
  const { results } = await db
    .prepare(
      'SELECT principal_kind, principal, permission_level FROM permissions WHERE endpoint_name = ? ORDER BY principal_kind, principal',
    )
    .bind(endpointName)
    .all<PermissionEntry>();
  return results;
}

/** Replaces every entry (PUT) or only the named ones (PATCH). */
export async function writePermissions(
  db: D1Database,
  endpointName: string,
  entries: PermissionEntry[],
  replace: boolean,
): Promise<void> {
  const statements = entries.map((e) =>
    db
      .prepare(
        `INSERT INTO permissions (endpoint_name, principal_kind, principal, permission_level) VALUES (?, ?, ?, ?)
         ON CONFLICT (endpoint_name, principal_kind, principal) DO UPDATE SET permission_level = excluded.permission_level`,
      )
      .bind(endpointName, e.principal_kind, e.principal, e.permission_level),
  );
  if (replace)
    statements.unshift(
      db.prepare('DELETE FROM permissions WHERE endpoint_name = ?').bind(endpointName),
    );
  if (statements.length) await db.batch(statements);
}

/** Every endpoint's entries, for listings. */
export async function listPermissionsFor(db: D1Database): Promise<Map<string, PermissionEntry[]>> {
  const { results } = await db
    .prepare('SELECT endpoint_name, principal_kind, principal, permission_level FROM permissions')
    .all<PermissionEntry & { endpoint_name: string }>();
  const byEndpoint = new Map<string, PermissionEntry[]>();
  for (const { endpoint_name, ...entry } of results) {
    byEndpoint.set(endpoint_name, [...(byEndpoint.get(endpoint_name) ?? []), entry]);
  }
  return byEndpoint;
}

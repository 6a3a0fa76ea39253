import type { Principal } from '../env';
import type { PermissionEntry, PermissionLevel } from '../storage/permissions';
import { permissionDenied } from './errors';

// CAN_MANAGE ⊃ CAN_QUERY ⊃ CAN_VIEW. The admin may do anything.

const RANK: Record<PermissionLevel, number> = { CAN_VIEW: 1, CAN_QUERY: 2, CAN_MANAGE: 3 };

export function permissionLevel(
  principal: Principal,
  creator: string,
  entries: PermissionEntry[],
): number {
  if (principal.isAdmin || principal.name === creator) return RANK.CAN_MANAGE;
  let best = 0;
  for (const e of entries) {
    const applies =
      (e.principal_kind === 'group' &&
        (e.principal === 'users' || principal.groups.includes(e.principal))) ||
      (e.principal_kind === principal.type && e.principal === principal.name);
    if (applies) best = Math.max(best, RANK[e.permission_level]);
  }
  return best;
}

export function hasPermission(
  principal: Principal,
  creator: string,
  entries: PermissionEntry[],
  needed: PermissionLevel,
): boolean {
  return permissionLevel(principal, creator, entries) >= RANK[needed];
}

export function requirePermission(
  principal: Principal,
  creator: string,
  entries: PermissionEntry[],
  needed: PermissionLevel,
  what: string,
): void {
  if (!hasPermission(principal, creator, entries, needed)) {
    throw permissionDenied(`${principal.name} does not have ${needed} on ${what}.`);
  }
}

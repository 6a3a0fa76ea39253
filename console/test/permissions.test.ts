import { describe, expect, it } from 'vitest';
import { aclEntries } from '../src/lib/permissions';

describe('permissions', () => {
  it("reads GET's all_permissions as the one level PUT takes back", () => {
    expect(
      aclEntries([
        {
          user_name: 'admin',
          all_permissions: [{ permission_level: 'CAN_MANAGE', inherited: false }],
        },
        { group_name: 'ops', all_permissions: [{ permission_level: 'CAN_QUERY' }] },
      ]),
    ).toEqual([
      { user_name: 'admin', permission_level: 'CAN_MANAGE' },
      { group_name: 'ops', permission_level: 'CAN_QUERY' },
    ]);
  });

  it('keeps an entry already in the PUT shape, and leaves inherited levels out', () => {
    expect(
      aclEntries([
        { service_principal_name: 'ci', permission_level: 'CAN_VIEW' },
        {
          user_name: 'bob',
          all_permissions: [
            { permission_level: 'CAN_MANAGE', inherited: true },
            { permission_level: 'CAN_QUERY', inherited: false },
          ],
        },
        { user_name: 'eve', all_permissions: [{ permission_level: 'CAN_VIEW', inherited: true }] },
      ]),
    ).toEqual([
      { service_principal_name: 'ci', permission_level: 'CAN_VIEW' },
      { user_name: 'bob', permission_level: 'CAN_QUERY' },
    ]);
  });
});

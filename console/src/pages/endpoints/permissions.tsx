import { useEffect, useState } from 'preact/hooks';
import { getPermissions, setPermissions } from '../../api/control';
import type { AccessControlEntry } from '../../api/types';
import { ErrorNote } from '../../components/field';

const LEVELS = ['CAN_QUERY', 'CAN_VIEW', 'CAN_MANAGE'];
const KINDS = [
  ['user_name', 'User'],
  ['group_name', 'Group'],
  ['service_principal_name', 'Service principal'],
] as const;
type Kind = (typeof KINDS)[number][0];

const who = (e: AccessControlEntry): [Kind, string] =>
  e.user_name
    ? ['user_name', e.user_name]
    : e.group_name
      ? ['group_name', e.group_name]
      : ['service_principal_name', e.service_principal_name ?? ''];

/** Who may query, view or manage the endpoint: the whole list, replaced on save (PUT). */
export function Permissions({ name }: { name: string }) {
  const [acl, setAcl] = useState<AccessControlEntry[]>([]);
  const [kind, setKind] = useState<Kind>('user_name');
  const [principal, setPrincipal] = useState('');
  const [level, setLevel] = useState(LEVELS[0]);
  const [error, setError] = useState('');

  useEffect(() => {
    getPermissions(name)
      .then(setAcl)
      .catch((e: Error) => setError(e.message));
  }, [name]);

  const save = async (next: AccessControlEntry[]) => {
    setError('');
    try {
      await setPermissions(name, next);
      setAcl(await getPermissions(name));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <section class="panel" aria-label="Permissions">
      <h3>Permissions</h3>
      <ul class="list">
        {acl.map((e, i) => {
          const [k, n] = who(e);
          return (
            <li key={i}>
              {KINDS.find(([id]) => id === k)?.[1]} <strong>{n}</strong>: {e.permission_level}{' '}
              <button
                type="button"
                class="link"
                aria-label={`Remove ${n}`}
                onClick={() => save(acl.filter((_, j) => j !== i))}
              >
                Remove
              </button>
            </li>
          );
        })}
      </ul>
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (principal) save([...acl, { [kind]: principal, permission_level: level }]);
        }}
      >
        <div class="field">
          <label for="acl-kind">Kind</label>
          <select
            id="acl-kind"
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value as Kind)}
          >
            {KINDS.map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="acl-name">Name</label>
          <input
            id="acl-name"
            value={principal}
            onInput={(e) => setPrincipal(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="acl-level">Permission</label>
          <select id="acl-level" value={level} onChange={(e) => setLevel(e.currentTarget.value)}>
            {LEVELS.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
        </div>
        <button type="submit">Grant</button>
      </form>
      <ErrorNote error={error} />
    </section>
  );
}

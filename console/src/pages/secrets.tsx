import { useEffect, useState } from 'preact/hooks';
import {
  createScope,
  deleteScope,
  deleteSecret,
  listScopes,
  listSecrets,
  putSecret,
} from '../api/control';
import { ErrorNote, Field } from '../components/field';

/** Secret scopes and their keys; values go in and are never shown (the API returns none). */
export function Secrets() {
  const [scopes, setScopes] = useState<string[]>([]);
  const [scope, setScope] = useState('');
  const [keys, setKeys] = useState<string[]>([]);
  const [newScope, setNewScope] = useState('');
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [error, setError] = useState('');

  const run = async (action: () => Promise<unknown>) => {
    setError('');
    try {
      await action();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const loadScopes = () => run(async () => setScopes((await listScopes()).map((s) => s.name)));
  const loadKeys = (s: string) =>
    run(async () => setKeys(s ? (await listSecrets(s)).map((k) => k.key) : []));

  const addScope = (e: Event) => {
    e.preventDefault();
    run(async () => {
      await createScope(newScope);
      setNewScope('');
      await loadScopes();
    });
  };
  const removeScope = (s: string) =>
    run(async () => {
      await deleteScope(s);
      // Another scope's keys stay open.
      setScope((open) => (open === s ? '' : open));
      await loadScopes();
    });
  const addSecret = (e: Event) => {
    e.preventDefault();
    run(async () => {
      await putSecret(scope, key, value);
      setKey('');
      setValue('');
      await loadKeys(scope);
    });
  };
  const removeSecret = (k: string) =>
    run(async () => {
      await deleteSecret(scope, k);
      await loadKeys(scope);
    });

  useEffect(() => {
    loadScopes();
  }, []);
  useEffect(() => {
    loadKeys(scope);
  }, [scope]);

  return (
    <div>
      <h1>Secrets</h1>
      <ErrorNote error={error} />
      <div class="grid two">
        <section class="panel" aria-label="Scopes">
          <h3>Scopes</h3>
          <ul class="list">
            {scopes.map((s) => (
              <li key={s}>
                <button
                  type="button"
                  class="link"
                  aria-pressed={s === scope}
                  onClick={() => setScope(s)}
                >
                  {s}
                </button>{' '}
                <button
                  type="button"
                  class="link"
                  aria-label={`Delete scope ${s}`}
                  onClick={() => removeScope(s)}
                >
                  Delete
                </button>
              </li>
            ))}
          </ul>
          <form class="row" onSubmit={addScope}>
            <Field id="new-scope" label="New scope">
              <input
                id="new-scope"
                required
                value={newScope}
                onInput={(e) => setNewScope(e.currentTarget.value)}
              />
            </Field>
            <button type="submit">Create scope</button>
          </form>
        </section>
        {scope && (
          <section class="panel" aria-label={`Keys of ${scope}`}>
            <h3>Keys in {scope}</h3>
            <ul class="list">
              {keys.map((k) => (
                <li key={k}>
                  {k}{' '}
                  <button
                    type="button"
                    class="link"
                    aria-label={`Delete key ${k}`}
                    onClick={() => removeSecret(k)}
                  >
                    Delete
                  </button>
                </li>
              ))}
            </ul>
            <form onSubmit={addSecret}>
              <Field id="secret-key" label="Key">
                <input
                  id="secret-key"
                  required
                  value={key}
                  onInput={(e) => setKey(e.currentTarget.value)}
                />
              </Field>
              <Field id="secret-value" label="Value (stored encrypted, never shown again)">
                <input
                  id="secret-value"
                  type="password"
                  autocomplete="off"
                  required
                  value={value}
                  onInput={(e) => setValue(e.currentTarget.value)}
                />
              </Field>
              <button type="submit">Put secret</button>
            </form>
          </section>
        )}
      </div>
    </div>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { createToken, deleteToken, listTokens } from '../api/control';
import type { TokenInfo } from '../api/types';
import { ErrorNote, Field } from '../components/field';
import { formatTime } from '../lib/format';

/** Gateway tokens: the caller's own (the admin's view: everyone's); a new token's value is shown once. */
export function Tokens({ isAdmin }: { isAdmin: boolean }) {
  const [tokens, setTokens] = useState<TokenInfo[]>([]);
  const [comment, setComment] = useState('');
  const [days, setDays] = useState('');
  const [principal, setPrincipal] = useState('');
  const [created, setCreated] = useState('');
  const [error, setError] = useState('');

  const load = () =>
    listTokens()
      .then(setTokens)
      .catch((e: Error) => setError(e.message));
  useEffect(() => {
    load();
  }, []);

  const create = async (e: Event) => {
    e.preventDefault();
    setError('');
    try {
      const { token_value } = await createToken({
        ...(comment ? { comment } : {}),
        ...(days ? { lifetime_seconds: Math.round(Number(days) * 86_400) } : {}),
        ...(isAdmin && principal ? { principal } : {}),
      });
      setCreated(token_value);
      setComment('');
      load();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <div>
      <h1>Tokens</h1>
      <ErrorNote error={error} />
      {created && (
        <div class="panel notice" role="status">
          <p>
            <strong>Copy this token now: it is not shown again.</strong>
          </p>
          <code data-testid="new-token">{created}</code>
          <button type="button" onClick={() => setCreated('')}>
            Done
          </button>
        </div>
      )}
      <form class="panel" onSubmit={create} aria-label="Create a token">
        <h3>Create a token</h3>
        <div class="row">
          <Field id="token-comment" label="Comment">
            <input
              id="token-comment"
              value={comment}
              onInput={(e) => setComment(e.currentTarget.value)}
            />
          </Field>
          <Field id="token-days" label="Lifetime in days (empty: no expiry)">
            <input
              id="token-days"
              type="number"
              min={1}
              value={days}
              onInput={(e) => setDays(e.currentTarget.value)}
            />
          </Field>
          {isAdmin && (
            <Field id="token-principal" label="For principal (empty: yourself)">
              <input
                id="token-principal"
                value={principal}
                onInput={(e) => setPrincipal(e.currentTarget.value)}
              />
            </Field>
          )}
        </div>
        <button type="submit">Create token</button>
      </form>
      <div class="panel scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Comment</th>
              <th scope="col">Principal</th>
              <th scope="col">Created (UTC)</th>
              <th scope="col">Expires (UTC)</th>
              <th scope="col">Revoke</th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.token_id}>
                <td>{t.comment || '–'}</td>
                <td>{t.principal}</td>
                <td>{formatTime(t.creation_time)}</td>
                <td>{t.expiry_time > 0 ? formatTime(t.expiry_time) : 'never'}</td>
                <td>
                  <button
                    type="button"
                    class="link"
                    aria-label={`Revoke token ${t.comment || t.token_id}`}
                    onClick={() =>
                      deleteToken(t.token_id).then(load, (e: Error) => setError(e.message))
                    }
                  >
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

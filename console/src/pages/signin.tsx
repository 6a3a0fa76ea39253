import { useState } from 'preact/hooks';
import { type Principal, whoAmI } from '../api/whoami';
import { clearToken, saveToken } from '../lib/session';

/** Sign-in with a gateway token or the admin token; the token is checked before it is kept. */
export function SignIn({ onSignedIn }: { onSignedIn: (who: Principal) => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    saveToken(token.trim());
    try {
      onSignedIn(await whoAmI());
    } catch (err) {
      clearToken();
      setError(`That token was refused: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="signin" id="main">
      <h1>LLM gateway console</h1>
      <form onSubmit={submit} class="card">
        <label for="token">Gateway token or admin token</label>
        <input
          id="token"
          type="password"
          autocomplete="off"
          required
          value={token}
          onInput={(e) => setToken(e.currentTarget.value)}
        />
        <p class="hint">
          Kept in this tab's session storage only, and sent only to this gateway. Locally, the admin
          token is <code>GATEWAY_ADMIN_TOKEN</code> in <code>.dev.vars</code>.
        </p>
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}

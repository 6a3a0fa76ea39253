import { useEffect, useState } from 'preact/hooks';
import { type Principal, whoAmI } from './api/whoami';
import { useHashRoute } from './lib/route';
import { clearToken, readToken } from './lib/session';
import { Dashboard } from './pages/dashboard';
import { Endpoints } from './pages/endpoints';
import { Playground } from './pages/playground';
import { Secrets } from './pages/secrets';
import { SignIn } from './pages/signin';
import { Tokens } from './pages/tokens';

const NAV = [
  ['dashboard', 'Usage'],
  ['playground', 'Playground'],
  ['endpoints', 'Endpoints'],
  ['secrets', 'Secrets'],
  ['tokens', 'Tokens'],
] as const;

export function App() {
  const [who, setWho] = useState<Principal | null>(null);
  const [checking, setChecking] = useState(Boolean(readToken()));
  const { route, arg } = useHashRoute();

  useEffect(() => {
    if (!readToken()) return;
    whoAmI()
      .then(setWho)
      .catch(() => clearToken())
      .finally(() => setChecking(false));
  }, []);

  if (checking) return <p class="loading">Checking your token…</p>;
  if (!who) return <SignIn onSignedIn={setWho} />;

  const signOut = () => {
    clearToken();
    setWho(null);
  };
  return (
    <>
      {/* A button, not a link to #main: the hash is the console's router. */}
      <button type="button" class="skip" onClick={() => document.getElementById('main')?.focus()}>
        Skip to content
      </button>
      <header class="top">
        <span class="brand">LLM gateway</span>
        <nav aria-label="Console">
          {NAV.map(([id, label]) => (
            <a key={id} href={`#/${id}`} aria-current={route === id ? 'page' : undefined}>
              {label}
            </a>
          ))}
          <a href="/docs/">API reference</a>
        </nav>
        <span class="who">
          Signed in as <strong data-testid="who">{who.name}</strong>
          <button type="button" class="link" onClick={signOut}>
            Sign out
          </button>
        </span>
      </header>
      <main id="main" tabIndex={-1}>
        {route === 'dashboard' && <Dashboard />}
        {route === 'playground' && <Playground />}
        {route === 'endpoints' && <Endpoints arg={arg} />}
        {route === 'secrets' && <Secrets />}
        {route === 'tokens' && <Tokens isAdmin={who.isAdmin} />}
      </main>
    </>
  );
}

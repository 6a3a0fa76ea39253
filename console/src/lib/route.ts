import { useEffect, useState } from 'preact/hooks';

// Hash routing (/console/#/playground): static assets serve one index.html, no fallback needed.

export const ROUTES = ['dashboard', 'playground', 'endpoints', 'secrets', 'tokens'] as const;
export type Route = (typeof ROUTES)[number];

/** The page the hash names, and its argument (`#/endpoints/edit/NAME` → endpoints, edit/NAME). */
export function parseHash(hash: string): { route: Route; arg: string } {
  const [head, ...rest] = hash.replace(/^#\/?/, '').split('/');
  const route = (ROUTES as readonly string[]).includes(head) ? (head as Route) : 'dashboard';
  return { route, arg: rest.map(decodeURIComponent).join('/') };
}

export function useHashRoute() {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const onChange = () => setHash(location.hash);
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return parseHash(hash);
}

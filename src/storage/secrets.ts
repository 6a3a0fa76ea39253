import { secretReference } from '../config/secret-ref';
import { decrypt, encrypt, secretsKey } from './crypto';

type KeyEnv = { DB: D1Database; GATEWAY_SECRETS_KEY?: string; GATEWAY_ADMIN_TOKEN: string };

/** The additional data bound to each ciphertext: a secret cannot be moved to another name. */
const context = (scope: string, key: string) => `secret:${scope}/${key}`;

export async function createScope(
  db: D1Database,
  scope: string,
  creator: string,
): Promise<boolean> {
  const result = await db
    .prepare(
      'INSERT INTO secret_scopes (name, creator, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    )
    .bind(scope, creator, Date.now())
    .run();
  return result.meta.changes > 0;
}

export async function scopeExists(db: D1Database, scope: string): Promise<boolean> {
  return (
    (await db.prepare('SELECT 1 FROM secret_scopes WHERE name = ?').bind(scope).first()) !== null
  );
}

export async function listScopes(db: D1Database): Promise<{ name: string; creator: string }[]> {
  const { results } = await db
    .prepare('SELECT name, creator FROM secret_scopes ORDER BY name')
    .all<{ name: string; creator: string }>();
  return results;
}

export async function deleteScope(db: D1Database, scope: string): Promise<boolean> {
  const [, removed] = await db.batch([
    db.prepare('DELETE FROM secrets WHERE scope = ?').bind(scope),
    db.prepare('DELETE FROM secret_scopes WHERE name = ?').bind(scope),
  ]);
  return removed.meta.changes > 0;
}

export async function putSecret(
  env: KeyEnv,
  scope: string,
  key: string,
  value: string,
  endpointId?: string,
): Promise<void> {
  const ciphertext = await encrypt(await secretsKey(env), value, context(scope, key));
  await env.DB.prepare(
    `INSERT INTO secrets (scope, key, ciphertext, last_updated_timestamp, endpoint_id) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (scope, key) DO UPDATE SET ciphertext = excluded.ciphertext, last_updated_timestamp = excluded.last_updated_timestamp`,
  )
    .bind(scope, key, ciphertext, Date.now(), endpointId ?? null)
    .run();
}

export async function secretExists(db: D1Database, scope: string, key: string): Promise<boolean> {
  return (
    (await db
      .prepare('SELECT 1 FROM secrets WHERE scope = ? AND key = ?')
      .bind(scope, key)
      .first()) !== null
  );
}

export async function listSecrets(
  db: D1Database,
  scope: string,
): Promise<{ key: string; last_updated_timestamp: number }[]> {
  const { results } = await db
    .prepare('SELECT key, last_updated_timestamp FROM secrets WHERE scope = ? ORDER BY key')
    .bind(scope)
    .all<{ key: string; last_updated_timestamp: number }>();
  return results;
}

export async function deleteSecret(db: D1Database, scope: string, key: string): Promise<boolean> {
  const result = await db
    .prepare('DELETE FROM secrets WHERE scope = ? AND key = ?')
    .bind(scope, key)
    .run();
  return result.meta.changes > 0;
}

export async function deleteEndpointSecrets(db: D1Database, endpointId: string): Promise<void> {
  await db.prepare('DELETE FROM secrets WHERE endpoint_id = ?').bind(endpointId).run();
}

/** Decrypts one secret, or null when it does not exist. */
export async function readSecret(env: KeyEnv, scope: string, key: string): Promise<string | null> {
  const row = await env.DB.prepare('SELECT ciphertext FROM secrets WHERE scope = ? AND key = ?')
    .bind(scope, key)
    .first<{ ciphertext: string }>();
  if (!row) return null;
  return decrypt(await secretsKey(env), row.ciphertext, context(scope, key));
}

/** Removes an endpoint's private credentials that `keptConfigJson` no longer refers to. */
export async function deleteEndpointSecretsExcept(
  db: D1Database,
  endpointId: string,
  keptConfigJson: string,
): Promise<void> {
  const { results } = await db
    .prepare('SELECT scope, key FROM secrets WHERE endpoint_id = ?')
    .bind(endpointId)
    .all<{ scope: string; key: string }>();
  const stale = results.filter((s) => !keptConfigJson.includes(secretReference(s.scope, s.key)));
  if (stale.length)
    await db.batch(
      stale.map((s) =>
        db.prepare('DELETE FROM secrets WHERE scope = ? AND key = ?').bind(s.scope, s.key),
      ),
    );
}

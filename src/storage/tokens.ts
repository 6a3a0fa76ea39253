export interface TokenRecord {
  token_id: string;
  token_hash: string;
  principal: string;
  principal_type: 'user' | 'service_principal';
  groups: string[];
  comment: string | null;
  creation_time: number;
  /** -1 when the token never expires. */
  expiry_time: number;
  created_by: string;
}

type TokenRow = Omit<TokenRecord, 'groups'> & { groups: string };

const fromRow = (row: TokenRow): TokenRecord => ({
  ...row,
  groups: JSON.parse(row.groups) as string[],
});

export async function insertToken(db: D1Database, token: TokenRecord): Promise<void> {
  await db
    .prepare(
      `INSERT INTO tokens (token_id, token_hash, principal, principal_type, groups, comment, creation_time, expiry_time, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      token.token_id,
      token.token_hash,
      token.principal,
      token.principal_type,
      JSON.stringify(token.groups),
      token.comment,
      token.creation_time,
      token.expiry_time,
      token.created_by,
    )
    .run();
}

export async function findTokenByHash(db: D1Database, hash: string): Promise<TokenRecord | null> {
  const row = await db
    .prepare('SELECT * FROM tokens WHERE token_hash = ?')
    .bind(hash)
    .first<TokenRow>();
  return row ? fromRow(row) : null;
}

export async function findToken(db: D1Database, tokenId: string): Promise<TokenRecord | null> {
  const row = await db
    .prepare('SELECT * FROM tokens WHERE token_id = ?')
    .bind(tokenId)
    .first<TokenRow>();
  return row ? fromRow(row) : null;
}

/** All tokens, or those of one principal. */
export async function listTokens(db: D1Database, principal?: string): Promise<TokenRecord[]> {
  const statement = principal
    ? db.prepare('SELECT * FROM tokens WHERE principal = ? ORDER BY creation_time').bind(principal)
    : db.prepare('SELECT * FROM tokens ORDER BY creation_time');
  const { results } = await statement.all<TokenRow>();
  return results.map(fromRow);
}

export async function deleteToken(db: D1Database, tokenId: string): Promise<void> {
  await db.prepare('DELETE FROM tokens WHERE token_id = ?').bind(tokenId).run();
}

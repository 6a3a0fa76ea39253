// How a config names a stored secret instead of holding it: `{{secrets/scope/key}}`.

export interface SecretName {
  scope: string;
  key: string;
}

const SECRET_REFERENCE = /^\{\{secrets\/([A-Za-z0-9_.@-]+)\/([A-Za-z0-9_.@/-]+)\}\}$/;

/** The secret a value refers to, or null when it is not a secret reference. */
export function parseSecretReference(value: unknown): SecretName | null {
  const match = typeof value === 'string' ? SECRET_REFERENCE.exec(value) : null;
  return match ? { scope: match[1], key: match[2] } : null;
}

export const secretReference = (scope: string, key: string) => `{{secrets/${scope}/${key}}}`;

import type { ConfigIssue, CredentialField } from './provider-spec';
import { providerConfigSpec, type ProviderName } from './providers';
import { parseSecretReference } from './secret-ref';

// Credential fields of config blocks: where they are, and the rules every one of them follows
// (a reference or `<field>_plaintext`, exactly one of the two).

/** The credential fields of a provider's config block (dotted paths inside it). */
export const credentialFields = (provider: ProviderName, config: unknown): CredentialField[] =>
  providerConfigSpec(provider).credentials(config);

export interface CredentialLocation {
  /** The object holding the field, if the path leads to one. */
  holder: Record<string, unknown> | undefined;
  /** The field's own name, e.g. `token` for `bearer_token_auth.token`. */
  leaf: string;
  /** The path inside the block, as its parts. */
  parts: string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** Where a dotted credential path points inside a config block. */
export function locateCredential(config: unknown, path: string): CredentialLocation {
  const parts = path.split('.');
  const holder = parts
    .slice(0, -1)
    .reduce<unknown>((o, key) => (isRecord(o) ? o[key] : undefined), config);
  return { holder: isRecord(holder) ? holder : undefined, leaf: parts[parts.length - 1], parts };
}

/** Each credential field given at most once, required ones given, and references well formed. */
export function credentialIssues(fields: CredentialField[], config: unknown): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const { path, required } of fields) {
    const { holder = {}, leaf, parts } = locateCredential(config, path);
    const ref = holder[leaf];
    const plain = holder[`${leaf}_plaintext`];
    if (ref !== undefined && plain !== undefined) {
      issues.push({ path: parts, message: `give either ${leaf} or ${leaf}_plaintext, not both` });
    } else if (ref === undefined && plain === undefined && required) {
      issues.push({
        path: parts,
        message: `${leaf} (a {{secrets/scope/key}} reference) or ${leaf}_plaintext is required`,
      });
    } else if (ref !== undefined && !parseSecretReference(ref)) {
      issues.push({
        path: parts,
        message: `${leaf} must be a secret reference {{secrets/scope/key}}; use ${leaf}_plaintext for a literal value`,
      });
    }
  }
  return issues;
}

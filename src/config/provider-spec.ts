import * as z from 'zod/mini';
import type { Task } from './tasks';

// What every provider's config module (providers/<name>.ts) declares, and the field types they share.

/** A credential field of a config block, as a dotted path (e.g. `bearer_token_auth.token`). */
export interface CredentialField<Path extends string = string> {
  path: Path;
  /** Whether it must be given (as a secret reference or as `<field>_plaintext`). */
  required: boolean;
}

/** A problem found by a rule across fields; the path is inside the config block. */
export interface ConfigIssue {
  path: string[];
  message: string;
}

/** One provider's `<provider>_config` block: its fields, its credentials and its rules. */
export interface ProviderConfigSpec<Fields, Path extends string = string> {
  /** The external_model key that holds the block, e.g. `amazon_bedrock_config`. */
  configKey: string;
  schema: z.ZodMiniType<Fields>;
  /** The credential fields of this block (they may depend on other fields). */
  credentials(config: Fields): CredentialField<Path>[];
  /** Rules across fields, checked once the fields parsed. */
  rules?(config: Fields): ConfigIssue[];
  /** The tasks it can serve, when not all of them. */
  tasks?: readonly Task[];
}

/** An http(s) URL: API bases and their overrides. */
export const url = z.url({ protocol: /^https?$/ });
export const optionalString = z.optional(z.string().check(z.minLength(1)));
/** A credential field: a secret reference, or given as `<field>_plaintext` instead (credentials.ts checks which). */
export const credential = z.optional(z.string().check(z.minLength(1)));

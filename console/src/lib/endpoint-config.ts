import { apiProvider, type ProviderSpec } from './providers';

/** A credential as the form holds it: a secret chosen from a scope, or a value typed in. */
export type CredentialInput =
  | { mode: 'secret'; scope: string; key: string }
  | { mode: 'plaintext'; value: string };

export interface EndpointFormValues {
  name: string;
  servedName: string;
  model: string;
  task: string;
  values: Record<string, string>;
  credentials: Record<string, CredentialInput>;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown) {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
  node[parts[parts.length - 1]] = value;
}

/**
 * The served entity the API takes from the form: empty optional fields left out, each credential
 * as its `{{secrets/scope/key}}` reference or as `<field>_plaintext`.
 */
export function servedEntity(spec: ProviderSpec, form: EndpointFormValues) {
  const config: Record<string, unknown> = { ...spec.extra };
  for (const field of spec.fields) {
    if (field.credential) {
      const c = form.credentials[field.name];
      if (c?.mode === 'secret' && c.scope && c.key)
        setPath(config, field.name, `{{secrets/${c.scope}/${c.key}}}`);
      if (c?.mode === 'plaintext' && c.value) setPath(config, `${field.name}_plaintext`, c.value);
    } else {
      const value = form.values[field.name]?.trim();
      if (value) setPath(config, field.name, value);
    }
  }
  return {
    name: form.servedName || form.model,
    external_model: {
      name: form.model,
      provider: apiProvider(spec),
      task: form.task,
      [spec.configKey]: config,
    },
  };
}

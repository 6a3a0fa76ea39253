import { useEffect, useState } from 'preact/hooks';
import { listSecrets } from '../../api/control';
import type { CredentialInput as Value } from '../../lib/endpoint-config';
import type { ProviderField } from '../../lib/providers';

/** A credential field: a secret picked from a scope's keys, or a value typed in (stored encrypted). */
export function CredentialInput({
  field,
  scopes,
  value,
  onChange,
}: {
  field: ProviderField;
  scopes: string[];
  value: Value | undefined;
  onChange: (v: Value) => void;
}) {
  const id = `cred-${field.name.replaceAll('.', '-')}`;
  const current: Value =
    value ??
    (scopes.length
      ? { mode: 'secret', scope: scopes[0], key: '' }
      : { mode: 'plaintext', value: '' });
  const [keys, setKeys] = useState<string[]>([]);
  const scope = current.mode === 'secret' ? current.scope : '';

  useEffect(() => {
    if (!scope) return setKeys([]);
    listSecrets(scope)
      .then((list) => setKeys(list.map((s) => s.key)))
      .catch(() => setKeys([]));
  }, [scope]);
  useEffect(() => {
    if (current.mode === 'secret' && !current.key && keys.length)
      onChange({ ...current, key: keys[0] });
  }, [keys]);

  return (
    <fieldset class="credential">
      <legend>
        {field.label}
        {field.required && ' (required)'}
      </legend>
      <div class="row">
        <div class="field check">
          <input
            type="radio"
            id={`${id}-secret`}
            name={`${id}-mode`}
            checked={current.mode === 'secret'}
            disabled={!scopes.length}
            onChange={() => onChange({ mode: 'secret', scope: scopes[0] ?? '', key: '' })}
          />
          <label for={`${id}-secret`}>From a secret</label>
        </div>
        <div class="field check">
          <input
            type="radio"
            id={`${id}-plain`}
            name={`${id}-mode`}
            checked={current.mode === 'plaintext'}
            onChange={() => onChange({ mode: 'plaintext', value: '' })}
          />
          <label for={`${id}-plain`}>Enter the value</label>
        </div>
      </div>
      {current.mode === 'secret' ? (
        <div class="row">
          <div class="field">
            <label for={`${id}-scope`}>Scope</label>
            <select
              id={`${id}-scope`}
              value={current.scope}
              onChange={(e) => onChange({ mode: 'secret', scope: e.currentTarget.value, key: '' })}
            >
              {scopes.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for={`${id}-key`}>Key</label>
            <select
              id={`${id}-key`}
              value={current.key}
              onChange={(e) => onChange({ ...current, key: e.currentTarget.value })}
            >
              {keys.map((k) => (
                <option key={k}>{k}</option>
              ))}
            </select>
          </div>
        </div>
      ) : (
        <div class="field">
          <label for={`${id}-value`}>Value (stored encrypted, never shown again)</label>
          {field.multiline ? (
            <textarea
              id={`${id}-value`}
              rows={4}
              value={current.value}
              onInput={(e) => onChange({ mode: 'plaintext', value: e.currentTarget.value })}
            />
          ) : (
            <input
              id={`${id}-value`}
              type="password"
              autocomplete="off"
              value={current.value}
              onInput={(e) => onChange({ mode: 'plaintext', value: e.currentTarget.value })}
            />
          )}
        </div>
      )}
    </fieldset>
  );
}

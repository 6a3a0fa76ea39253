import { useEffect, useState } from 'preact/hooks';
import { createEndpoint, listScopes } from '../../api/control';
import { ErrorNote, Field } from '../../components/field';
import { type EndpointFormValues, servedEntity } from '../../lib/endpoint-config';
import { PROVIDERS } from '../../lib/providers';
import { CredentialInput } from './credential-input';

const TASKS = ['llm/v1/chat', 'llm/v1/completions', 'llm/v1/embeddings'];

/** A new endpoint: its name, then the chosen provider's own fields (CONTRACT §4). */
export function CreateForm({ onCreated }: { onCreated: (name: string) => void }) {
  const [providerId, setProviderId] = useState(PROVIDERS[0].id);
  const [form, setForm] = useState<EndpointFormValues>({
    name: '',
    servedName: '',
    model: '',
    task: TASKS[0],
    values: {},
    credentials: {},
  });
  const [scopes, setScopes] = useState<string[]>([]);
  const [usageTracking, setUsageTracking] = useState(true);
  const [inferenceTable, setInferenceTable] = useState(false);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const spec = PROVIDERS.find((p) => p.id === providerId)!;

  useEffect(() => {
    listScopes()
      .then((list) => setScopes(list.map((s) => s.name)))
      .catch(() => setScopes([]));
  }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      await createEndpoint({
        name: form.name,
        config: { served_entities: [servedEntity(spec, form)] },
        ai_gateway: {
          usage_tracking_config: { enabled: usageTracking },
          inference_table_config: { enabled: inferenceTable },
        },
      });
      onCreated(form.name);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="panel endpoint-form" onSubmit={submit} aria-label="Create an endpoint">
      <h2>Create an endpoint</h2>
      <div class="row">
        <Field id="ep-name" label="Endpoint name">
          <input
            id="ep-name"
            required
            pattern="[A-Za-z0-9_-]+"
            value={form.name}
            onInput={(e) => setForm({ ...form, name: e.currentTarget.value })}
          />
        </Field>
        <Field id="ep-provider" label="Provider">
          <select
            id="ep-provider"
            value={providerId}
            onChange={(e) => setProviderId(e.currentTarget.value)}
          >
            {PROVIDERS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div class="row">
        <Field id="ep-model" label="Provider's model name">
          <input
            id="ep-model"
            required
            placeholder={spec.modelPlaceholder}
            value={form.model}
            onInput={(e) => setForm({ ...form, model: e.currentTarget.value })}
          />
        </Field>
        <Field id="ep-task" label="Task">
          <select
            id="ep-task"
            value={form.task}
            onChange={(e) => setForm({ ...form, task: e.currentTarget.value })}
          >
            {TASKS.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </Field>
      </div>
      {spec.fields.map((f) =>
        f.credential ? (
          <CredentialInput
            key={`${providerId}-${f.name}`}
            field={f}
            scopes={scopes}
            value={form.credentials[f.name]}
            onChange={(v) =>
              setForm((cur) => ({ ...cur, credentials: { ...cur.credentials, [f.name]: v } }))
            }
          />
        ) : (
          <Field key={`${providerId}-${f.name}`} id={`f-${f.name}`} label={f.label}>
            <input
              id={`f-${f.name}`}
              required={f.required}
              placeholder={f.placeholder}
              value={form.values[f.name] ?? ''}
              onInput={(e) =>
                setForm({ ...form, values: { ...form.values, [f.name]: e.currentTarget.value } })
              }
            />
          </Field>
        ),
      )}
      <div class="row">
        <div class="field check">
          <input
            id="ep-usage"
            type="checkbox"
            checked={usageTracking}
            onChange={(e) => setUsageTracking(e.currentTarget.checked)}
          />
          <label for="ep-usage">Track usage</label>
        </div>
        <div class="field check">
          <input
            id="ep-inference"
            type="checkbox"
            checked={inferenceTable}
            onChange={(e) => setInferenceTable(e.currentTarget.checked)}
          />
          <label for="ep-inference">Log payloads (inference table)</label>
        </div>
      </div>
      <p class="hint">
        Rate limits, guardrails, fallbacks and traffic split are edited on the endpoint once
        created.
      </p>
      <ErrorNote error={error} />
      <button type="submit" disabled={busy}>
        Create endpoint
      </button>
    </form>
  );
}

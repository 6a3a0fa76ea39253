import { useState } from 'preact/hooks';
import { updateAiGateway } from '../../api/control';
import { Check, ErrorList, ErrorNote, Field } from '../../components/field';
import {
  type AiGatewayJson,
  aiGatewayForm,
  aiGatewayFormErrors,
  aiGatewayJson,
} from '../../lib/ai-gateway-form';
import { GuardrailSide } from './guardrails';
import { RateLimits } from './rate-limits';

/** The endpoint's ai_gateway block as a form, saved whole with PUT …/ai-gateway. */
export function AiGatewayForm({
  name,
  stored,
  onSaved,
}: {
  name: string;
  stored: AiGatewayJson | null | undefined;
  onSaved: (saved: AiGatewayJson) => void;
}) {
  const [form, setForm] = useState(() => aiGatewayForm(stored));
  const [checked, setChecked] = useState<string[]>([]);
  const [error, setError] = useState('');
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<typeof form>) => {
    setForm({ ...form, ...patch });
    setSaved(false);
  };

  const save = async (e: Event) => {
    e.preventDefault();
    setError('');
    setSaved(false);
    const problems = aiGatewayFormErrors(form);
    setChecked(problems);
    if (problems.length) return;
    setBusy(true);
    try {
      const json = aiGatewayJson(form, stored);
      await updateAiGateway(name, json);
      setSaved(true);
      onSaved(json);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="panel" onSubmit={save} aria-labelledby="ai-gateway-title">
      <h3 id="ai-gateway-title">AI gateway</h3>
      <div class="row">
        <Check
          id="gw-usage"
          label="Track usage"
          checked={form.usageTracking}
          onChange={(usageTracking) => set({ usageTracking })}
        />
        <Check
          id="gw-inference"
          label="Log payloads (inference table)"
          checked={form.inferenceTable}
          onChange={(inferenceTable) => set({ inferenceTable })}
        />
        <Check
          id="gw-fallbacks"
          label="Fall back to the next served entity on failure"
          checked={form.fallbacks}
          onChange={(fallbacks) => set({ fallbacks })}
        />
      </div>
      <RateLimits rows={form.rateLimits} onChange={(rateLimits) => set({ rateLimits })} />
      <GuardrailSide
        side="input"
        label="Input guardrails"
        value={form.input}
        onChange={(input) => set({ input })}
      />
      <GuardrailSide
        side="output"
        label="Output guardrails"
        value={form.output}
        onChange={(output) => set({ output })}
      />
      <Field
        id="gw-judge"
        label="Judge endpoint"
        hint="A chat endpoint on this gateway; needed by the safety check and valid topics."
      >
        <input
          id="gw-judge"
          aria-describedby="gw-judge-hint"
          value={form.judgeEndpoint}
          onInput={(e) => set({ judgeEndpoint: e.currentTarget.value })}
        />
      </Field>
      <ErrorList errors={checked} />
      <ErrorNote error={error} />
      {saved && <p role="status">Saved.</p>}
      <button type="submit" disabled={busy}>
        Save AI gateway
      </button>
    </form>
  );
}

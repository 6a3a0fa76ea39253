import { Check, Field } from '../../components/field';
import { type GuardrailSideForm, PII_BEHAVIORS, type PiiBehavior } from '../../lib/ai-gateway-form';

const PII_LABELS: Record<PiiBehavior, string> = {
  NONE: 'Let through',
  BLOCK: 'Block the request',
  MASK: 'Mask it',
};

/** One side's guardrails (what goes in to the model, or what comes out of it). */
export function GuardrailSide({
  side,
  label,
  value,
  onChange,
}: {
  side: 'input' | 'output';
  label: string;
  value: GuardrailSideForm;
  onChange: (value: GuardrailSideForm) => void;
}) {
  const id = `gr-${side}`;
  const set = (patch: Partial<GuardrailSideForm>) => onChange({ ...value, ...patch });
  return (
    <fieldset>
      <legend>{label}</legend>
      <Check
        id={`${id}-safety`}
        label="Safety check (judged by a model)"
        checked={value.safety}
        onChange={(safety) => set({ safety })}
      />
      <Field id={`${id}-pii`} label="Personal data (PII)">
        <select
          id={`${id}-pii`}
          value={value.pii}
          onChange={(e) => set({ pii: e.currentTarget.value as PiiBehavior })}
        >
          {PII_BEHAVIORS.map((b) => (
            <option key={b} value={b}>
              {PII_LABELS[b]}
            </option>
          ))}
        </select>
      </Field>
      <Field id={`${id}-invalid`} label="Invalid keywords" hint="One a line; a match is refused.">
        <textarea
          id={`${id}-invalid`}
          aria-describedby={`${id}-invalid-hint`}
          rows={3}
          value={value.invalidKeywords}
          onInput={(e) => set({ invalidKeywords: e.currentTarget.value })}
        />
      </Field>
      <Field
        id={`${id}-topics`}
        label="Valid topics"
        hint="One a line; anything off these topics is refused (judged by a model)."
      >
        <textarea
          id={`${id}-topics`}
          aria-describedby={`${id}-topics-hint`}
          rows={3}
          value={value.validTopics}
          onInput={(e) => set({ validTopics: e.currentTarget.value })}
        />
      </Field>
    </fieldset>
  );
}

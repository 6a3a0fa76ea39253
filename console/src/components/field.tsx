import type { ComponentChildren } from 'preact';

/**
 * A labelled control: the label names it for screen readers and takes the click. A control with a
 * hint points at it with aria-describedby="<id>-hint" so the hint is read with it.
 */
export function Field({
  id,
  label,
  children,
  hint,
}: {
  id: string;
  label: string;
  children: ComponentChildren;
  hint?: string;
}) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
      {hint && (
        <small class="hint" id={`${id}-hint`}>
          {hint}
        </small>
      )}
    </div>
  );
}

/** An error message announced when it appears. */
export const ErrorNote = ({ error }: { error: string }) =>
  error ? (
    <p role="alert" class="error">
      {error}
    </p>
  ) : null;

/** A checkbox with its label after it, the whole line clickable. */
export const Check = ({
  id,
  label,
  checked,
  onChange,
}: {
  id: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) => (
  <div class="field check">
    <input
      id={id}
      type="checkbox"
      checked={checked}
      onChange={(e) => onChange(e.currentTarget.checked)}
    />
    <label for={id}>{label}</label>
  </div>
);

/** Problems found before sending, each announced; nothing when there are none. */
export const ErrorList = ({ errors }: { errors: string[] }) =>
  errors.length ? (
    <ul role="alert" class="error">
      {errors.map((e) => (
        <li key={e}>{e}</li>
      ))}
    </ul>
  ) : null;

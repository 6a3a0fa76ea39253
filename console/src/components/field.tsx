import type { ComponentChildren } from 'preact';

/** A labelled control: the label names it for screen readers and takes the click. */
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
      {hint && <small class="hint">{hint}</small>}
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

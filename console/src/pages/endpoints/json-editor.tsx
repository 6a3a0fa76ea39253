import { useState } from 'preact/hooks';
import { ErrorNote } from '../../components/field';

/** A labelled JSON textarea saved by `onSave`; parse and API errors are shown beside it. */
export function JsonEditor({
  id,
  label,
  hint,
  initial,
  onSave,
}: {
  id: string;
  label: string;
  hint: string;
  initial: unknown;
  onSave: (value: unknown) => Promise<unknown>;
}) {
  const [text, setText] = useState(JSON.stringify(initial ?? {}, null, 2));
  const [error, setError] = useState('');
  const [saved, setSaved] = useState(false);
  const save = async (e: Event) => {
    e.preventDefault();
    setError('');
    setSaved(false);
    try {
      await onSave(JSON.parse(text));
      setSaved(true);
    } catch (err) {
      setError(
        err instanceof SyntaxError ? `Not valid JSON: ${err.message}` : (err as Error).message,
      );
    }
  };
  return (
    <form class="panel" onSubmit={save}>
      <label for={id}>
        <h3>{label}</h3>
      </label>
      <p class="hint" id={`${id}-hint`}>
        {hint}
      </p>
      <textarea
        id={id}
        class="code"
        rows={14}
        aria-describedby={`${id}-hint`}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <ErrorNote error={error} />
      {saved && <p role="status">Saved.</p>}
      <button type="submit">Save {label.toLowerCase()}</button>
    </form>
  );
}

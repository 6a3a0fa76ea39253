import { useState } from 'preact/hooks';
import { type PlaygroundRequest, type SnippetKind, snippet } from '../../lib/snippets';

const KINDS: [SnippetKind, string][] = [
  ['curl', 'curl'],
  ['openai', 'OpenAI SDK'],
  ['anthropic', 'Anthropic SDK'],
  ['gemini', 'Gemini SDK'],
];

/** The playground's request as curl or SDK code against this gateway. */
export function ViewCode({ request }: { request: PlaygroundRequest }) {
  const [kind, setKind] = useState<SnippetKind>('curl');
  const code = snippet(kind, request);
  return (
    <section class="panel" aria-label="Code for this request">
      <div role="tablist" aria-label="Client" class="tabs">
        {KINDS.map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={kind === id}
            onClick={() => setKind(id)}
          >
            {label}
          </button>
        ))}
      </div>
      <pre class="code" data-testid="snippet">
        {code}
      </pre>
      <button type="button" onClick={() => navigator.clipboard?.writeText(code)}>
        Copy
      </button>
    </section>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { streamChat } from '../../api/chat';
import { listEndpoints } from '../../api/control';
import type { Endpoint } from '../../api/types';
import { ErrorNote, Field } from '../../components/field';
import { emptyAnswer } from '../../lib/chat-delta';
import type { PlaygroundRequest } from '../../lib/snippets';
import { Pane, type Turn } from './pane';
import { ViewCode } from './view-code';

/** Chat endpoints the signed-in principal may query (CAN_VIEW alone may not). */
const queryable = (e: Endpoint) =>
  e.permission_level !== 'CAN_VIEW' &&
  (e.task ?? e.config.served_entities[0]?.external_model.task) === 'llm/v1/chat';

function parseJson<T>(text: string, what: string): T | undefined {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`${what} is not valid JSON.`);
  }
}

/** The playground: one or two endpoints answering the same prompts, streamed as they arrive. */
export function Playground() {
  const [endpoints, setEndpoints] = useState<Endpoint[]>([]);
  const [left, setLeft] = useState('');
  const [right, setRight] = useState('');
  const [compare, setCompare] = useState(false);
  const [system, setSystem] = useState('');
  const [temperature, setTemperature] = useState('');
  const [maxTokens, setMaxTokens] = useState('');
  const [tools, setTools] = useState('');
  const [tags, setTags] = useState('{"source": "playground"}');
  const [prompt, setPrompt] = useState('');
  const [turns, setTurns] = useState<{ left: Turn[]; right: Turn[] }>({ left: [], right: [] });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [showCode, setShowCode] = useState(false);

  useEffect(() => {
    listEndpoints()
      .then((list) => {
        const usable = list.filter(queryable);
        setEndpoints(usable);
        setLeft((v) => v || usable[0]?.name || '');
        setRight((v) => v || usable[1]?.name || usable[0]?.name || '');
      })
      .catch((e: Error) => setError(e.message));
  }, []);

  const messagesFor = (history: Turn[], text: string) => [
    ...(system.trim() ? [{ role: 'system', content: system }] : []),
    ...history.flatMap((t) => [
      { role: 'user', content: t.prompt },
      { role: 'assistant', content: t.answer.text },
    ]),
    { role: 'user', content: text },
  ];

  const request = (endpoint: string, history: Turn[], text: string): PlaygroundRequest => ({
    baseUrl: location.origin,
    endpoint,
    messages: messagesFor(history, text),
    temperature: temperature === '' ? undefined : Number(temperature),
    maxTokens: maxTokens === '' ? undefined : Number(maxTokens),
    tools: parseJson<unknown[]>(tools, 'Tools'),
    tags: parseJson<Record<string, string>>(tags, 'Request tags'),
  });

  const send = async (e: Event) => {
    e.preventDefault();
    setError('');
    const text = prompt.trim();
    if (!text || !left) return;
    const sides = compare ? (['left', 'right'] as const) : (['left'] as const);
    let requests: PlaygroundRequest[];
    try {
      requests = sides.map((side) => request(side === 'left' ? left : right, turns[side], text));
    } catch (err) {
      setError((err as Error).message);
      return;
    }
    setBusy(true);
    setPrompt('');
    await Promise.all(
      sides.map(async (side, i) => {
        const index = turns[side].length;
        const update = (turn: Turn) =>
          setTurns((all) => {
            const list = [...all[side]];
            list[index] = turn;
            return { ...all, [side]: list };
          });
        update({ prompt: text, answer: emptyAnswer() });
        try {
          const result = await streamChat(requests[i], (answer) =>
            update({ prompt: text, answer }),
          );
          update({ prompt: text, answer: result.answer, result });
        } catch (err) {
          update({
            prompt: text,
            answer: emptyAnswer(),
            result: {
              answer: emptyAnswer(),
              latencyMs: 0,
              firstTokenMs: null,
              error: (err as Error).message,
            },
          });
        }
      }),
    );
    setBusy(false);
  };

  let codeRequest: PlaygroundRequest | undefined;
  try {
    codeRequest = showCode ? request(left, turns.left, prompt || 'Hello!') : undefined;
  } catch {
    codeRequest = undefined;
  }

  const endpointSelect = (id: string, label: string, value: string, set: (v: string) => void) => (
    <Field id={id} label={label}>
      <select id={id} value={value} onChange={(e) => set(e.currentTarget.value)}>
        {endpoints.map((ep) => (
          <option key={ep.name}>{ep.name}</option>
        ))}
      </select>
    </Field>
  );

  return (
    <div class="playground">
      <h1>Playground</h1>
      {!endpoints.length && (
        <p class="muted">No chat endpoint you may query yet: create one under Endpoints.</p>
      )}
      <form onSubmit={send} class="settings">
        <div class="row">
          {endpointSelect('endpoint-left', compare ? 'Left endpoint' : 'Endpoint', left, setLeft)}
          {compare && endpointSelect('endpoint-right', 'Right endpoint', right, setRight)}
          <div class="field check">
            <input
              id="compare"
              type="checkbox"
              checked={compare}
              onChange={(e) => setCompare(e.currentTarget.checked)}
            />
            <label for="compare">Compare two endpoints</label>
          </div>
        </div>
        <details>
          <summary>Settings</summary>
          <Field id="system" label="System prompt">
            <textarea
              id="system"
              rows={2}
              value={system}
              onInput={(e) => setSystem(e.currentTarget.value)}
            />
          </Field>
          <div class="row">
            <Field id="temperature" label="Temperature">
              <input
                id="temperature"
                type="number"
                min={0}
                max={2}
                step={0.1}
                value={temperature}
                onInput={(e) => setTemperature(e.currentTarget.value)}
              />
            </Field>
            <Field id="max-tokens" label="Max tokens">
              <input
                id="max-tokens"
                type="number"
                min={1}
                value={maxTokens}
                onInput={(e) => setMaxTokens(e.currentTarget.value)}
              />
            </Field>
          </div>
          <Field id="tools" label="Tools (JSON array, OpenAI format)">
            <textarea
              id="tools"
              rows={3}
              value={tools}
              onInput={(e) => setTools(e.currentTarget.value)}
              placeholder='[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{}}}}]'
            />
          </Field>
          <Field
            id="tags"
            label="Request tags (JSON object)"
            hint="Sent as Databricks-Ai-Gateway-Request-Tags; the dashboard filters by them."
          >
            <input id="tags" value={tags} onInput={(e) => setTags(e.currentTarget.value)} />
          </Field>
        </details>
        <div class={compare ? 'panes two' : 'panes'}>
          <Pane label="Left" endpoint={left} turns={turns.left} />
          {compare && <Pane label="Right" endpoint={right} turns={turns.right} />}
        </div>
        <ErrorNote error={error} />
        <Field id="prompt" label="Message">
          <textarea
            id="prompt"
            rows={3}
            value={prompt}
            onInput={(e) => setPrompt(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) send(e);
            }}
          />
        </Field>
        <div class="actions">
          <button type="submit" disabled={busy || !left}>
            {busy ? 'Answering…' : 'Send'}
          </button>
          <button type="button" onClick={() => setTurns({ left: [], right: [] })}>
            Clear
          </button>
          <button type="button" aria-expanded={showCode} onClick={() => setShowCode(!showCode)}>
            View code
          </button>
        </div>
      </form>
      {codeRequest && <ViewCode request={codeRequest} />}
    </div>
  );
}

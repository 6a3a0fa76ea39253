import { useEffect, useState } from 'preact/hooks';
import { deleteEndpoint, getEndpoint, updateAiGateway, updateConfig } from '../../api/control';
import type { Endpoint } from '../../api/types';
import { ErrorNote } from '../../components/field';
import { JsonEditor } from './json-editor';
import { Permissions } from './permissions';

const AI_GATEWAY_HINT =
  'usage_tracking_config, inference_table_config, rate_limits [{key, principal?, calls?, tokens?, renewal_period}], guardrails {input, output: {safety, pii: {behavior}, invalid_keywords, valid_topics}}, fallback_config {enabled}.';
const CONFIG_HINT =
  'served_entities (credentials stay as their {{secrets/…}} references; give a new one as <field>_plaintext) and traffic_config {routes: [{served_model_name, traffic_percentage}]}.';

/** One endpoint: its config and ai_gateway as JSON, its permissions, and delete. */
export function EditEndpoint({ name }: { name: string }) {
  const [endpoint, setEndpoint] = useState<Endpoint | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    getEndpoint(name)
      .then(setEndpoint)
      .catch((e: Error) => setError(e.message));
  }, [name]);

  const remove = async () => {
    if (!confirm(`Delete the endpoint ${name}? Its stored credentials are deleted with it.`))
      return;
    try {
      await deleteEndpoint(name);
      location.hash = '#/endpoints';
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <div>
      <p>
        <a href="#/endpoints">← All endpoints</a>
      </p>
      <h1>{name}</h1>
      <ErrorNote error={error} />
      {endpoint && (
        <div class="grid two">
          <JsonEditor
            id="config-json"
            label="Config"
            hint={CONFIG_HINT}
            initial={endpoint.config}
            onSave={(v) => updateConfig(name, v)}
          />
          <JsonEditor
            id="ai-gateway-json"
            label="AI gateway"
            hint={AI_GATEWAY_HINT}
            initial={endpoint.ai_gateway ?? {}}
            onSave={(v) => updateAiGateway(name, v)}
          />
          <Permissions name={name} />
          <section class="panel" aria-label="Danger zone">
            <h3>Delete</h3>
            <button type="button" class="danger" onClick={remove}>
              Delete endpoint
            </button>
          </section>
        </div>
      )}
    </div>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { deleteEndpoint, getEndpoint, updateAiGateway, updateConfig } from '../../api/control';
import type { Endpoint } from '../../api/types';
import { ErrorNote } from '../../components/field';
import type { AiGatewayJson } from '../../lib/ai-gateway-form';
import { AiGatewayForm } from './ai-gateway-form';
import { JsonEditor } from './json-editor';
import { Permissions } from './permissions';
import { TrafficSplit } from './traffic-split';

const AI_GATEWAY_HINT =
  'usage_tracking_config, inference_table_config, rate_limits [{key, principal?, calls?, tokens?, renewal_period}], guardrails {input, output: {safety, pii: {behavior}, invalid_keywords, valid_topics}, judge_endpoint}, fallback_config {enabled}.';
const CONFIG_HINT =
  'served_entities (credentials stay as their {{secrets/…}} references; give a new one as <field>_plaintext) and traffic_config {routes: [{served_model_name, traffic_percentage}]}.';

/**
 * One endpoint: its ai_gateway and traffic split as forms, both also as JSON under Advanced, its
 * permissions, and delete. A save on one side remounts the other, so neither shows stale values.
 */
export function EditEndpoint({ name }: { name: string }) {
  const [endpoint, setEndpoint] = useState<Endpoint | null>(null);
  const [error, setError] = useState('');
  const [formsVersion, setFormsVersion] = useState(0);
  const [jsonVersion, setJsonVersion] = useState(0);

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

  const aiGatewaySaved = (ai_gateway: AiGatewayJson, from: 'form' | 'json') => {
    setEndpoint((cur) => cur && { ...cur, ai_gateway });
    if (from === 'form') setJsonVersion((v) => v + 1);
    else setFormsVersion((v) => v + 1);
  };
  const configSaved = (next: Endpoint, from: 'form' | 'json') => {
    setEndpoint(next);
    if (from === 'form') setJsonVersion((v) => v + 1);
    else setFormsVersion((v) => v + 1);
  };

  return (
    <div>
      <p>
        <a href="#/endpoints">← All endpoints</a>
      </p>
      <h1>{name}</h1>
      <ErrorNote error={error} />
      {endpoint && (
        <>
          <div class="grid two">
            <AiGatewayForm
              key={`gw-${formsVersion}`}
              name={name}
              stored={endpoint.ai_gateway}
              onSaved={(saved) => aiGatewaySaved(saved, 'form')}
            />
            <div>
              <TrafficSplit
                key={`split-${formsVersion}`}
                endpoint={endpoint}
                onSaved={(saved) => configSaved(saved, 'form')}
              />
              <Permissions name={name} />
              <section class="panel" aria-label="Danger zone">
                <h3>Delete</h3>
                <button type="button" class="danger" onClick={remove}>
                  Delete endpoint
                </button>
              </section>
            </div>
          </div>
          <details class="panel advanced">
            <summary>Advanced (JSON)</summary>
            <div class="grid two">
              <JsonEditor
                key={`config-${jsonVersion}`}
                id="config-json"
                label="Config"
                hint={CONFIG_HINT}
                initial={endpoint.config}
                onSave={async (v) => configSaved(await updateConfig(name, v), 'json')}
              />
              <JsonEditor
                key={`gw-${jsonVersion}`}
                id="ai-gateway-json"
                label="AI gateway"
                hint={AI_GATEWAY_HINT}
                initial={endpoint.ai_gateway ?? {}}
                onSave={async (v) => aiGatewaySaved(await updateAiGateway(name, v), 'json')}
              />
            </div>
          </details>
        </>
      )}
    </div>
  );
}

import { admin, createEndpoint, putSecret, unique } from './gateway';

// Endpoints in front of the fake OpenAI, with an ai_gateway block set the way operators set it.

export const FAKE_OPENAI_HOST = 'api.openai.fake';
export const FAKE_OPENAI_KEY = 'sk-upstream-openai';

/** One served entity on the fake OpenAI host (or `host`), named `entityName`. */
export async function fakeOpenAIEntity(
  model = 'gpt-4o-mini',
  entityName = 'primary',
  host = FAKE_OPENAI_HOST,
) {
  const ref = await putSecret('ai-gateway-tests', 'openai', FAKE_OPENAI_KEY);
  return {
    entity_name: entityName,
    name: model,
    provider: 'openai',
    task: 'llm/v1/chat',
    openai_config: { openai_api_key: ref, openai_api_base: `https://${host}/v1` },
  };
}

/** A fresh chat endpoint on the fake OpenAI; returns its name. */
export async function chatEndpoint(prefix: string, aiGateway?: Record<string, unknown>) {
  const name = unique(prefix);
  await createEndpoint(name, await fakeOpenAIEntity(), aiGateway ? { ai_gateway: aiGateway } : {});
  return name;
}

/** `PUT /api/2.0/serving-endpoints/{name}/ai-gateway`, failing the test on anything but 200. */
export async function putAiGateway(name: string, block: Record<string, unknown>) {
  const res = await admin('PUT', `/api/2.0/serving-endpoints/${name}/ai-gateway`, block);
  if (res.status !== 200) throw new Error(`ai-gateway put failed: ${res.text}`);
  return res.json;
}

/** A gateway token for a principal of any type and groups, allowed to query `endpoints`. */
export async function principalToken(
  principal: string,
  endpoints: string[],
  opts: { type?: 'user' | 'service_principal'; groups?: string[] } = {},
) {
  const res = await admin('POST', '/api/2.0/token/create', {
    principal,
    principal_type: opts.type ?? 'user',
    groups: opts.groups ?? [],
  });
  if (res.status !== 200) throw new Error(`token create failed: ${res.text}`);
  const kind = opts.type === 'service_principal' ? 'service_principal_name' : 'user_name';
  for (const endpoint of endpoints) {
    const g = await admin('PATCH', `/api/2.0/permissions/serving-endpoints/${endpoint}`, {
      access_control_list: [{ [kind]: principal, permission_level: 'CAN_QUERY' }],
    });
    if (g.status !== 200) throw new Error(`grant failed: ${g.text}`);
  }
  return res.json.token_value as string;
}

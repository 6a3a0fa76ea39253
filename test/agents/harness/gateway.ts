import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
// @ts-expect-error: a plain .mjs module shared with the benchmark
import { buildGateway, startGateway } from '../../../scripts/local-gateway.mjs';

import { fakeAnthropic } from '../../fakes/anthropic-upstream';
import { fakeOpenAI } from '../../fakes/openai-upstream';
import { agentScripts } from './agent-script';
import { startFakeServer } from './fake-server';

// The gateway as users run it, on loopback, configured through its own control-plane API.

export const ADMIN = 'agents-admin-token';

export interface LocalGateway {
  url: string;
  /** A call to the control plane as the admin; throws unless it answers 200. */
  admin(method: string, apiPath: string, body?: unknown): Promise<any>;
  stop(): Promise<void>;
}

export async function startLocalGateway(): Promise<LocalGateway> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'gateway-bundle-'));
  buildGateway(outDir);
  const { mf, url } = await startGateway({ outDir, adminToken: ADMIN });
  const admin = async (method: string, apiPath: string, body?: unknown) => {
    const res = await fetch(`${url}${apiPath}`, { method, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${method} ${apiPath} → ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  return { url, admin, stop: () => mf.dispose() };
}

/** The scripted OpenAI and Anthropic fakes on loopback. */
export const startAgentFakes = () =>
  startFakeServer({
    openai: fakeOpenAI({ apiKey: 'sk-upstream-openai', reply: agentScripts.openai }),
    anthropic: fakeAnthropic({ apiKey: 'sk-ant-upstream', reply: agentScripts.anthropic }),
  });

/** One OpenAI-format and one Anthropic-format endpoint in front of the fake server, and a user's token. */
export async function configureEndpoints(gateway: LocalGateway, fakeUrl: string, principal: string) {
  await gateway.admin('POST', '/api/2.0/secrets/scopes/create', { scope: 'agents' });
  await gateway.admin('POST', '/api/2.0/secrets/put', { scope: 'agents', key: 'openai', string_value: 'sk-upstream-openai' });
  await gateway.admin('POST', '/api/2.0/secrets/put', { scope: 'agents', key: 'anthropic', string_value: 'sk-ant-upstream' });
  const endpoints = {
    openai: { name: 'gpt-agents', external_model: { name: 'gpt-5-mini', provider: 'openai', task: 'llm/v1/chat', openai_config: { openai_api_key: '{{secrets/agents/openai}}', openai_api_base: `${fakeUrl}/openai/v1` } } },
    anthropic: { name: 'claude-agents', external_model: { name: 'claude-sonnet-4-5', provider: 'anthropic', task: 'llm/v1/chat', anthropic_config: { anthropic_api_key: '{{secrets/agents/anthropic}}', anthropic_api_base: `${fakeUrl}/anthropic` } } },
  };
  for (const e of Object.values(endpoints)) {
    await gateway.admin('POST', '/api/2.0/serving-endpoints', { name: e.name, config: { served_entities: [{ name: 'main', external_model: e.external_model }] } });
  }
  const { token_value } = await gateway.admin('POST', '/api/2.0/token/create', { principal, comment: 'coding agents test' });
  for (const e of Object.values(endpoints)) {
    await gateway.admin('PATCH', `/api/2.0/permissions/serving-endpoints/${e.name}`, { access_control_list: [{ user_name: principal, permission_level: 'CAN_QUERY' }] });
  }
  return { token: token_value as string, endpoints: { openai: endpoints.openai.name, anthropic: endpoints.anthropic.name } };
}

/** Usage rows of an endpoint, newest first. */
export async function usageRows(gateway: LocalGateway, endpoint: string): Promise<any[]> {
  return (await gateway.admin('GET', `/api/2.0/ai-gateway/usage?endpoint_name=${endpoint}`)).rows;
}

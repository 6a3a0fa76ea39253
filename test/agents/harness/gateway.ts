import type { Miniflare } from 'miniflare';
import { afterAll, beforeAll, inject } from 'vitest';
// @ts-expect-error: a plain .mjs module shared with the benchmark
import { startGateway } from '../../../scripts/local-gateway.mjs';

import { fakeAnthropic } from '../../fakes/anthropic-upstream';
import { fakeOpenAI } from '../../fakes/openai-upstream';
import type { FakeHandler } from '../../fakes/router';
import { agentScripts } from './agent-script';
import { startFakeServer, type FakeServer } from './fake-server';
import { providerHosts, type ProviderCase } from './providers';

// The gateway as users run it, on loopback, configured through its own control-plane API.

export const ADMIN = 'agents-admin-token';

export interface LocalGateway {
  url: string;
  /** A call to the control plane as the admin; throws unless it answers 200. */
  admin(method: string, apiPath: string, body?: unknown): Promise<any>;
  /** The gateway's fetches to fake hosts (not loopback), in order, with their bodies. */
  outboundCalls: { host: string; url: string; body: string }[];
  /** The Miniflare instance serving it: its D1, R2 and queues, for tests that look underneath. */
  mf: Miniflare;
  stop(): Promise<void>;
}

/** The gateway on loopback; its outbound fetches go to `hosts` by hostname or to loopback, never further. */
export async function startLocalGateway(
  hosts: Record<string, FakeHandler> = {},
): Promise<LocalGateway> {
  const outDir = inject('gatewayBundle'); // bundled once per run (harness/global-setup.ts)
  const outboundCalls: LocalGateway['outboundCalls'] = [];
  const outbound = async (request: Request) => {
    const { hostname } = new URL(request.url);
    if (hosts[hostname]) {
      outboundCalls.push({ host: hostname, url: request.url, body: await request.clone().text() });
      return hosts[hostname](request);
    }
    if (hostname === '127.0.0.1') return fetch(request);
    return new Response(
      JSON.stringify({ error: { message: `the agents test is offline: no fake for ${hostname}` } }),
      { status: 502, headers: { 'content-type': 'application/json' } },
    );
  };
  const { mf, url } = await startGateway({ outDir, adminToken: ADMIN, outbound });
  const admin = async (method: string, apiPath: string, body?: unknown) => {
    const res = await fetch(`${url}${apiPath}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${method} ${apiPath} → ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  return { url, admin, outboundCalls, mf, stop: () => mf.dispose() };
}

/** The scripted OpenAI and Anthropic fakes on loopback. */
export const startAgentFakes = () =>
  startFakeServer({
    openai: fakeOpenAI({ apiKey: 'sk-upstream-openai', reply: agentScripts.openai }),
    anthropic: fakeAnthropic({ apiKey: 'sk-ant-upstream', reply: agentScripts.anthropic }),
  });

/**
 * One OpenAI-format and one Anthropic-format endpoint in front of the fake server, one per extra
 * provider case, and a user's token that may query them all. `endpoints` maps openai, anthropic
 * and each case's id to its endpoint name.
 */
export async function configureEndpoints(
  gateway: LocalGateway,
  fakeUrl: string,
  principal: string,
  cases: ProviderCase[] = [],
) {
  const ref = (key: string) => `{{secrets/agents/${key}}}`;
  const secrets: Record<string, string> = {
    openai: 'sk-upstream-openai',
    anthropic: 'sk-ant-upstream',
  };
  for (const c of cases) Object.assign(secrets, await c.secrets());
  await gateway.admin('POST', '/api/2.0/secrets/scopes/create', { scope: 'agents' });
  for (const [key, value] of Object.entries(secrets))
    await gateway.admin('POST', '/api/2.0/secrets/put', {
      scope: 'agents',
      key,
      string_value: value,
    });
  const models: Record<string, { name: string; external_model: Record<string, unknown> }> = {
    openai: {
      name: 'gpt-agents',
      external_model: {
        name: 'gpt-5-mini',
        provider: 'openai',
        task: 'llm/v1/chat',
        openai_config: { openai_api_key: ref('openai'), openai_api_base: `${fakeUrl}/openai/v1` },
      },
    },
    anthropic: {
      name: 'claude-agents',
      external_model: {
        name: 'claude-sonnet-4-5',
        provider: 'anthropic',
        task: 'llm/v1/chat',
        anthropic_config: {
          anthropic_api_key: ref('anthropic'),
          anthropic_api_base: `${fakeUrl}/anthropic`,
        },
      },
    },
  };
  for (const c of cases)
    models[c.id] = {
      name: `agents-${c.id
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/-$/, '')}`,
      external_model: c.model(ref),
    };
  const { token_value } = await gateway.admin('POST', '/api/2.0/token/create', {
    principal,
    comment: 'coding agents test',
  });
  for (const e of Object.values(models)) {
    await gateway.admin('POST', '/api/2.0/serving-endpoints', {
      name: e.name,
      config: { served_entities: [{ name: 'main', external_model: e.external_model }] },
    });
    await gateway.admin('PATCH', `/api/2.0/permissions/serving-endpoints/${e.name}`, {
      access_control_list: [{ user_name: principal, permission_level: 'CAN_QUERY' }],
    });
  }
  return {
    token: token_value as string,
    endpoints: Object.fromEntries(Object.entries(models).map(([k, e]) => [k, e.name])) as Record<
      string,
      string
    > & { openai: string; anthropic: string },
  };
}

/**
 * Usage rows of an endpoint matching `match`, newest first, once there are `count` of them: rows
 * reach D1 through the usage queue a second or two after the request ends.
 */
export async function usageRows(
  gateway: LocalGateway,
  endpoint: string,
  match: (row: any) => boolean,
  count = 1,
  timeoutMs = 20_000,
): Promise<any[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await gateway.admin(
      'GET',
      `/api/2.0/ai-gateway/usage?endpoint_name=${endpoint}&max_results=1000`,
    );
    const matching = (rows as any[]).filter(match);
    if (matching.length >= count || Date.now() > deadline) return matching;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export interface AgentGateway {
  gateway: LocalGateway;
  fakes: FakeServer;
  token: string;
  endpoints: Awaited<ReturnType<typeof configureEndpoints>>['endpoints'];
}

/** A test file's world, made before its tests and torn down after: fakes, gateway, endpoints, a user's token. */
export function useAgentGateway(principal: string, cases: ProviderCase[] = []): AgentGateway {
  const world = {} as AgentGateway;
  beforeAll(async () => {
    world.fakes = await startAgentFakes();
    world.gateway = await startLocalGateway(providerHosts(cases));
    Object.assign(
      world,
      await configureEndpoints(world.gateway, world.fakes.url, principal, cases),
    );
  });
  afterAll(async () => {
    await world.gateway?.stop();
    await world.fakes?.close();
  });
  return world;
}

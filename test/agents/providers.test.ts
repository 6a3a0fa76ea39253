import { describe, expect, it } from 'vitest';
import { CODE_WORD } from './harness/agent-script';
import { AGENTS } from './harness/agents';
import { usageRows, useAgentGateway } from './harness/gateway';
import { PROVIDER_CASES } from './harness/providers';

// Every coding agent against an endpoint of every other provider the gateway supports (OpenAI and
// Anthropic have their own files): one turn that reads a file with the agent's tool and answers
// from the result, each crossing the provider's translation, signatures and tokens checked by its fake.

const world = useAgentGateway('provider-user', PROVIDER_CASES);

describe.each(Object.entries(AGENTS))('%s', (name, agent) => {
  it.each(PROVIDER_CASES.map((c) => [c.id]))(
    'reads a file with its tool through a %s endpoint',
    async (id) => {
      const endpoint = world.endpoints[id];
      const run = await agent.run('Read the file <cwd>/notes.txt and tell me the code word.', {
        gatewayUrl: world.gateway.url,
        endpoint,
        token: world.token,
      });
      expect(
        run.ok,
        `${name} → ${id}: ${run.stderr.slice(-3000)}\n${run.stdout.slice(-3000)}`,
      ).toBe(true);
      expect(
        run.toolCalls,
        run.stdout.slice(0, 4000) + run.stderr.slice(-2000),
      ).toBeGreaterThanOrEqual(1);
      expect(run.answer).toContain(CODE_WORD);
      const [row] = await usageRows(world.gateway, endpoint, (r) =>
        agent.userAgent.test(r.user_agent ?? ''),
      );
      expect(row).toMatchObject({ requester: 'provider-user', status_code: 200, streaming: true });
      expect(row.input_tokens).toBeGreaterThan(0);
    },
  );
});

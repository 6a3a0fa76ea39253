import { describe, expect, it } from 'vitest';
import { CODE_WORD, PLAIN_ANSWER } from './harness/agent-script';
import { runClaudeCode, type ClaudeAuth } from './harness/claude-code';
import { usageRows, useAgentGateway } from './harness/gateway';

// Claude Code, for real, on the Anthropic route: a plain prompt and a turn that reads a file
// with its Read tool, against an Anthropic-format endpoint (passed through) and an OpenAI-format
// one (translated), with the token as ANTHROPIC_AUTH_TOKEN (Bearer) and as ANTHROPIC_API_KEY.

const world = useAgentGateway('claude-user');

const claude = (prompt: string, endpoint: string, auth: ClaudeAuth) =>
  runClaudeCode(prompt, { gatewayUrl: world.gateway.url, endpoint, token: world.token, auth });

describe.each([['anthropic'], ['openai']] as const)(
  'Claude Code against the %s endpoint',
  (kind) => {
    it.each([['ANTHROPIC_AUTH_TOKEN'], ['ANTHROPIC_API_KEY']] as const)(
      'answers a plain prompt (%s)',
      async (auth) => {
        const run = await claude('Say hello.', world.endpoints[kind], auth);
        expect(run.ok, run.stderr + run.stdout).toBe(true);
        expect(run.answer).toBe(PLAIN_ANSWER);
      },
    );

    it('reads a file with its Read tool and answers from the result', async () => {
      const run = await claude(
        'Read the file <cwd>/notes.txt and tell me the code word.',
        world.endpoints[kind],
        'ANTHROPIC_AUTH_TOKEN',
      );
      expect(run.ok, run.stderr + run.stdout).toBe(true);
      expect(run.toolCalls).toBeGreaterThanOrEqual(1);
      expect(run.answer).toContain(CODE_WORD);
    });

    it('shows on the usage API with its client, streaming and token counts', async () => {
      const rows = await usageRows(
        world.gateway,
        world.endpoints[kind],
        (r) => r.status_code === 200,
        3,
      );
      expect(rows.length).toBeGreaterThanOrEqual(3);
      expect(rows[0]).toMatchObject({
        requester: 'claude-user',
        api_type: 'anthropic/messages',
        streaming: true,
        tokens_estimated: false,
      });
      expect(rows[0].user_agent).toMatch(/^claude-cli\//);
      expect(rows[0].input_tokens).toBeGreaterThan(0);
    });
  },
);

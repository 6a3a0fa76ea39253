import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeServer } from './harness/fake-server';
import { CODE_WORD, PLAIN_ANSWER } from './harness/agent-script';
import { configureEndpoints, startAgentFakes, startLocalGateway, usageRows, type LocalGateway } from './harness/gateway';
import { AGENTS_DIR, lastJsonLine, runAgent, workspace } from './harness/run-agent';

// Claude Code, for real, on the Anthropic route: a plain prompt and a turn that reads a file
// with its Read tool, against an Anthropic-format endpoint (passed through) and an OpenAI-format
// one (translated), with the token as ANTHROPIC_AUTH_TOKEN (Bearer) and as ANTHROPIC_API_KEY.

const CLAUDE = path.join(AGENTS_DIR, 'node_modules/@anthropic-ai/claude-code-linux-x64/claude');

let gateway: LocalGateway;
let fakes: FakeServer;
let setup: Awaited<ReturnType<typeof configureEndpoints>>;

beforeAll(async () => {
  fakes = await startAgentFakes();
  gateway = await startLocalGateway();
  setup = await configureEndpoints(gateway, fakes.url, 'claude-user');
});
afterAll(async () => {
  await gateway?.stop();
  await fakes?.close();
});

function claude(prompt: string, endpoint: string, auth: 'ANTHROPIC_AUTH_TOKEN' | 'ANTHROPIC_API_KEY') {
  const ws = workspace({ 'notes.txt': `the code word is ${CODE_WORD}\n` });
  const models = ['ANTHROPIC_MODEL', 'ANTHROPIC_DEFAULT_OPUS_MODEL', 'ANTHROPIC_DEFAULT_SONNET_MODEL', 'ANTHROPIC_DEFAULT_HAIKU_MODEL', 'ANTHROPIC_SMALL_FAST_MODEL', 'CLAUDE_CODE_SUBAGENT_MODEL'];
  const run = runAgent(CLAUDE, ['-p', prompt.replace('<cwd>', ws.cwd), '--output-format', 'json', '--max-turns', '4', '--allowedTools', 'Read'], ws, {
    ANTHROPIC_BASE_URL: `${gateway.url}/ai-gateway/anthropic`,
    [auth]: setup.token,
    ...Object.fromEntries(models.map((m) => [m, endpoint])),
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_AUTOUPDATER: '1',
    CLAUDE_CONFIG_DIR: `${ws.home}/.claude`,
  });
  return run;
}

describe.each([['anthropic'], ['openai']] as const)('Claude Code against the %s endpoint', (kind) => {
  it.each([['ANTHROPIC_AUTH_TOKEN'], ['ANTHROPIC_API_KEY']] as const)('answers a plain prompt (%s)', async (auth) => {
    const run = await claude('Say hello.', setup.endpoints[kind], auth);
    const result = lastJsonLine(run.stdout);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(result).toMatchObject({ is_error: false, result: PLAIN_ANSWER });
  });

  it('reads a file with its Read tool and answers from the result', async () => {
    const run = await claude('Read the file <cwd>/notes.txt and tell me the code word.', setup.endpoints[kind], 'ANTHROPIC_AUTH_TOKEN');
    const result = lastJsonLine(run.stdout);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(result.num_turns).toBeGreaterThanOrEqual(2);
    expect(result.result).toContain(CODE_WORD);
  });

  it('shows on the usage API with its client, streaming and token counts', async () => {
    const rows = (await usageRows(gateway, setup.endpoints[kind])).filter((r) => r.status_code === 200);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows[0]).toMatchObject({ requester: 'claude-user', api_type: 'anthropic/messages', streaming: true, tokens_estimated: false });
    expect(rows[0].user_agent).toMatch(/^claude-cli\//);
    expect(rows[0].input_tokens).toBeGreaterThan(0);
  });
});

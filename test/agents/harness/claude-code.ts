import path from 'node:path';
import { CODE_WORD } from './agent-script';
import { AGENTS_DIR, lastJsonLine, runAgent, workspace } from './run-agent';

// Claude Code as a user runs it against the gateway: ANTHROPIC_BASE_URL, the token as
// ANTHROPIC_AUTH_TOKEN (Bearer) or ANTHROPIC_API_KEY (x-api-key), the endpoint name as every
// model it may pick, and the switches that keep it from calling its vendor directly.

const CLAUDE = path.join(AGENTS_DIR, 'node_modules/@anthropic-ai/claude-code-linux-x64/claude');
const MODEL_VARS = [
  'ANTHROPIC_MODEL',
  'ANTHROPIC_DEFAULT_OPUS_MODEL',
  'ANTHROPIC_DEFAULT_SONNET_MODEL',
  'ANTHROPIC_DEFAULT_HAIKU_MODEL',
  'ANTHROPIC_SMALL_FAST_MODEL',
  'CLAUDE_CODE_SUBAGENT_MODEL',
];

export type ClaudeAuth = 'ANTHROPIC_AUTH_TOKEN' | 'ANTHROPIC_API_KEY';

/** Runs `claude -p` in a workspace holding notes.txt; `<cwd>` in the prompt is its directory. */
export async function runClaudeCode(
  prompt: string,
  o: { gatewayUrl: string; endpoint: string; token: string; auth?: ClaudeAuth },
) {
  const ws = workspace({ 'notes.txt': `the code word is ${CODE_WORD}\n` });
  const args = [
    '-p',
    prompt.replace('<cwd>', ws.cwd),
    '--output-format',
    'json',
    '--max-turns',
    '4',
    '--allowedTools',
    'Read',
  ];
  const run = await runAgent(CLAUDE, args, ws, {
    ANTHROPIC_BASE_URL: `${o.gatewayUrl}/ai-gateway/anthropic`,
    [o.auth ?? 'ANTHROPIC_AUTH_TOKEN']: o.token,
    ...Object.fromEntries(MODEL_VARS.map((m) => [m, o.endpoint])),
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_AUTOUPDATER: '1',
    CLAUDE_CONFIG_DIR: `${ws.home}/.claude`,
  });
  const result = lastJsonLine(run.stdout);
  // Each turn after the first answers a tool call.
  return {
    ...run,
    ok: run.code === 0 && result?.is_error === false,
    answer: result?.result as string | undefined,
    toolCalls: Math.max(0, (result?.num_turns ?? 1) - 1),
  };
}

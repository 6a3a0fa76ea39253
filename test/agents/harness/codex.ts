import path from 'node:path';
import { CODE_WORD } from './agent-script';
import { AGENTS_DIR, jsonLines, runAgent, workspace } from './run-agent';

// Codex CLI as a user runs it against the gateway: its own CODEX_HOME with the config.toml the
// README gives, the token in the env var the config names, `codex exec --json` (JSON lines).

const CODEX = path.join(AGENTS_DIR, 'node_modules/@openai/codex/bin/codex.js');

/** The config.toml a user writes to point Codex at the gateway (README "Coding agents"). */
export const codexConfig = (model: string, baseUrl: string, extra = '') => `model = "${model}"
model_provider = "gateway"
${extra}
approval_policy = "never"
check_for_update_on_startup = false

[features]
plugins = false

[analytics]
enabled = false

[model_providers.gateway]
name = "LLM gateway"
base_url = "${baseUrl}"
env_key = "LLM_GATEWAY_TOKEN"
wire_api = "responses"
`;

/** Runs `codex exec` in a workspace holding notes.txt; `<cwd>` in the prompt is its directory. */
export async function runCodex(
  prompt: string,
  o: { gatewayUrl: string; route: string; endpoint: string; token: string; config?: string },
) {
  const ws = workspace({ 'notes.txt': `the code word is ${CODE_WORD}\n` });
  ws.homeFile('.codex/config.toml', codexConfig(o.endpoint, `${o.gatewayUrl}${o.route}`, o.config));
  const args = [
    CODEX,
    'exec',
    '--json',
    '--skip-git-repo-check',
    '--ephemeral',
    '--sandbox',
    'read-only',
    prompt.replace('<cwd>', ws.cwd),
  ];
  const run = await runAgent(process.execPath, args, ws, {
    CODEX_HOME: `${ws.home}/.codex`,
    LLM_GATEWAY_TOKEN: o.token,
  });
  const items = jsonLines(run.stdout)
    .filter((e) => e.type === 'item.completed')
    .map((e) => e.item);
  return {
    ...run,
    ok: run.code === 0,
    answer: items.filter((i) => i?.type === 'agent_message').at(-1)?.text as string | undefined,
    toolCalls: items.filter((i) => i?.type === 'command_execution').length,
    reasoning: items.filter((i) => i?.type === 'reasoning').map((i) => i.text as string),
  };
}

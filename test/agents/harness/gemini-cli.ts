import path from 'node:path';
import { CODE_WORD } from './agent-script';
import { AGENTS_DIR, jsonDocument, runAgent, workspace } from './run-agent';

// Gemini CLI as a user runs it against the gateway: GOOGLE_GEMINI_BASE_URL, the token as
// GEMINI_API_KEY (sent as x-goog-api-key, or also as Bearer with GEMINI_API_KEY_AUTH_MECHANISM),
// and a settings.json choosing API-key auth with updates and statistics off.

const GEMINI = path.join(AGENTS_DIR, 'node_modules/@google/gemini-cli/bundle/gemini.js');

/** The settings.json a user writes (README "Coding agents"). */
export const geminiSettings = {
  security: { auth: { selectedType: 'gemini-api-key' } },
  general: { enableAutoUpdate: false },
  privacy: { usageStatisticsEnabled: false },
  telemetry: { enabled: false },
};

export type GeminiAuth = 'x-goog-api-key' | 'bearer';

/** Runs `gemini -p` in a workspace holding notes.txt; `<cwd>` in the prompt is its directory. */
export async function runGeminiCli(
  prompt: string,
  o: { gatewayUrl: string; endpoint: string; token: string; auth?: GeminiAuth },
) {
  const ws = workspace({ 'notes.txt': `the code word is ${CODE_WORD}\n` });
  ws.homeFile('.gemini/settings.json', JSON.stringify(geminiSettings));
  const args = [
    GEMINI,
    '-m',
    o.endpoint,
    '--output-format',
    'json',
    '--skip-trust',
    '-p',
    prompt.replace('<cwd>', ws.cwd),
  ];
  const run = await runAgent(process.execPath, args, ws, {
    GEMINI_API_KEY: o.token,
    GOOGLE_GEMINI_BASE_URL: `${o.gatewayUrl}/ai-gateway/gemini`,
    GEMINI_CLI_HOME: ws.home,
    GEMINI_CLI_NO_RELAUNCH: 'true',
    ...(o.auth === 'bearer' ? { GEMINI_API_KEY_AUTH_MECHANISM: 'bearer' } : {}),
  });
  const result = jsonDocument(run.stdout);
  const tools = result?.stats?.tools;
  return {
    ...run,
    ok: run.code === 0,
    result,
    answer: result?.response as string | undefined,
    toolCalls: (tools?.totalCalls as number | undefined) ?? 0,
  };
}

import { runClaudeCode } from './claude-code';
import { runCodex } from './codex';
import { runGeminiCli } from './gemini-cli';

// The three coding agents behind one signature, for tests that run each of them the same way
// (the provider table): a prompt, the gateway, an endpoint and a token.

export interface AgentTarget {
  gatewayUrl: string;
  endpoint: string;
  token: string;
}

export interface AgentOutcome {
  ok: boolean;
  answer?: string;
  toolCalls: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface CodingAgent {
  run(prompt: string, target: AgentTarget): Promise<AgentOutcome>;
  /** The User-Agent it sends, as the usage rows keep it. */
  userAgent: RegExp;
}

export const AGENTS: Record<string, CodingAgent> = {
  'Claude Code': { run: (prompt, t) => runClaudeCode(prompt, t), userAgent: /^claude-cli\// },
  'Codex CLI': {
    run: (prompt, t) => runCodex(prompt, { ...t, route: '/ai-gateway/openai/v1' }),
    userAgent: /^codex_exec\//,
  },
  'Gemini CLI': { run: (prompt, t) => runGeminiCli(prompt, t), userAgent: /^GeminiCLI(-\w+)?\// },
};

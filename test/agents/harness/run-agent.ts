import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Runs a coding agent for real: its own temporary HOME (nothing of this machine's set-up leaks
// in), a working directory with the files the prompt talks about, a bounded time.

export const AGENTS_DIR = path.resolve(import.meta.dirname, '..');

export interface AgentRun {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  ms: number;
}

export interface Workspace {
  home: string;
  cwd: string;
  /** Writes a file under home (e.g. ".codex/config.toml"). */
  homeFile(relative: string, content: string): void;
}

/** A fresh HOME and a working directory holding `files`. */
export function workspace(files: Record<string, string> = {}): Workspace {
  const root = mkdtempSync(path.join(tmpdir(), 'agent-'));
  const home = path.join(root, 'home');
  const cwd = path.join(root, 'work');
  mkdirSync(home);
  mkdirSync(cwd);
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(cwd, name), content);
  const homeFile = (relative: string, content: string) => {
    mkdirSync(path.dirname(path.join(home, relative)), { recursive: true });
    writeFileSync(path.join(home, relative), content);
  };
  return { home, cwd, homeFile };
}

/** Anything but loopback goes to a proxy that is not there: a call to the internet fails at once instead of leaving the machine. */
const OFFLINE = {
  HTTPS_PROXY: 'http://127.0.0.1:9',
  HTTP_PROXY: 'http://127.0.0.1:9',
  https_proxy: 'http://127.0.0.1:9',
  http_proxy: 'http://127.0.0.1:9',
  NO_PROXY: '127.0.0.1,localhost',
  no_proxy: '127.0.0.1,localhost',
};

export function runAgent(
  command: string,
  args: string[],
  ws: Workspace,
  env: Record<string, string>,
  timeoutMs = 90_000,
): Promise<AgentRun> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: ws.cwd,
      // Only what a user's shell would have plus the agent's set-up: no proxy, no keys of this machine.
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: ws.home,
        USER: 'agent',
        TERM: 'dumb',
        NO_COLOR: '1',
        CI: '1',
        TMPDIR: tmpdir(),
        ...OFFLINE,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      // The whole process group: agents start helpers (sandboxes, shells) of their own.
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {}
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      // The workspace (HOME and working directory) served this run only.
      rmSync(path.dirname(ws.home), { recursive: true, force: true });
      resolve({ code, stdout, stderr, timedOut, ms: Date.now() - started });
    });
  });
}

/** Every line that is a JSON value (agents' --json event streams). */
export function jsonLines(text: string): any[] {
  return text.split('\n').flatMap((line) => {
    try {
      return [JSON.parse(line)];
    } catch {
      return [];
    }
  });
}

/** The JSON document an agent printed (pretty-printed over many lines), after any log lines. */
export function jsonDocument(text: string): any {
  const start = text.search(/^\{/m);
  try {
    return start < 0 ? undefined : JSON.parse(text.slice(start));
  } catch {
    return undefined;
  }
}

/** The last JSON value printed on its own line (agents print JSON results, sometimes after logs). */
export function lastJsonLine(text: string): any {
  for (const line of text.trim().split('\n').reverse()) {
    try {
      return JSON.parse(line);
    } catch {}
  }
  return undefined;
}

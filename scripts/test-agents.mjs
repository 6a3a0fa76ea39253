#!/usr/bin/env node
// npm run test:agents: installs the coding agents (test/agents/package.json, kept out of the main
// install: ~870 MB of native binaries), then runs them for real against the gateway in Miniflare.
import { spawnSync } from 'node:child_process';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
// --ignore-scripts: every agent's binary ships inside its package; nothing is downloaded at run time.
run('npm', ['ci', '--prefix', 'test/agents', '--ignore-scripts', '--no-audit', '--no-fund']);
run('node_modules/.bin/vitest', ['run', '--config', 'test/agents/vitest.config.ts', ...process.argv.slice(2)]);

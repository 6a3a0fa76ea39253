#!/usr/bin/env node
// The coding-agents stage of `npm test` (also `npm run test:agents`): installs the agents
// (test/agents/package.json, kept out of the main install: ~870 MB of native binaries) when they
// are missing or older than test/agents/package-lock.json, then runs them for real against the
// gateway in Miniflare. Every agent run is bounded (harness/run-agent.ts), every test too.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

// The lockfile's hash, written after a successful install: a changed lockfile reinstalls.
const LOCK = 'test/agents/package-lock.json';
const STAMP = 'test/agents/node_modules/.installed-lock-sha256';
const wanted = createHash('sha256').update(readFileSync(LOCK)).digest('hex');
if (!existsSync(STAMP) || readFileSync(STAMP, 'utf8').trim() !== wanted) {
  const started = Date.now();
  // --ignore-scripts: every agent's binary ships inside its package; nothing is downloaded at run time.
  run('npm', ['ci', '--prefix', 'test/agents', '--ignore-scripts', '--no-audit', '--no-fund']);
  writeFileSync(STAMP, `${wanted}\n`);
  console.log(`coding agents installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
run('node_modules/.bin/vitest', [
  'run',
  '--config',
  'test/agents/vitest.config.ts',
  ...process.argv.slice(2),
]);

#!/usr/bin/env node
// The console's browser stage of `npm test` (also `npm run test:browser`): installs Debian's
// Chromium when it is missing (browser downloads are out of reach here, so not Playwright's own
// build), then drives the console in it (test/console/). Needs `npm run build:assets` first.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const run = (cmd, args, env = process.env) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

if (!existsSync(CHROMIUM)) {
  console.log(`${CHROMIUM} is missing: installing Debian's chromium package`);
  // As root (CI containers) apt-get directly, otherwise through sudo.
  const apt = (...args) =>
    process.getuid?.() === 0
      ? run('apt-get', args, { ...process.env, DEBIAN_FRONTEND: 'noninteractive' })
      : run('sudo', ['DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args]);
  apt('update');
  apt('install', '-y', '--no-install-recommends', 'chromium');
}
if (!existsSync('public/console/index.html')) run('npm', ['run', 'build:assets']);
run('node_modules/.bin/vitest', [
  'run',
  '--config',
  'test/console/vitest.config.ts',
  ...process.argv.slice(2),
]);

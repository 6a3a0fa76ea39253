#!/usr/bin/env node
// npm run dev: make sure the admin token exists, apply D1 migrations locally, start wrangler dev.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

const args = process.argv.slice(2);
const wrangler = new URL('../node_modules/.bin/wrangler', import.meta.url).pathname;
const hasAdminToken = () =>
  existsSync('.dev.vars') &&
  /^\s*GATEWAY_ADMIN_TOKEN\s*=\s*\S+/m.test(readFileSync('.dev.vars', 'utf8'));

if (!hasAdminToken() && !process.env.GATEWAY_ADMIN_TOKEN) {
  const token = `admin-${randomBytes(18).toString('hex')}`;
  const example = existsSync('.dev.vars.example') ? readFileSync('.dev.vars.example', 'utf8') : '';
  const existing = existsSync('.dev.vars') ? readFileSync('.dev.vars', 'utf8') : '';
  writeFileSync('.dev.vars', `${existing}${existing ? '\n' : ''}GATEWAY_ADMIN_TOKEN=${token}\n`);
  console.log(
    [
      '',
      '.dev.vars had no GATEWAY_ADMIN_TOKEN, so one was written for you:',
      `  GATEWAY_ADMIN_TOKEN=${token}`,
      'Use it as the admin bearer token (see README). Edit .dev.vars to choose your own;',
      example ? 'the other settings you may put there are listed in .dev.vars.example.' : '',
      '',
    ].join('\n'),
  );
}

const migrate = spawnSync(wrangler, ['d1', 'migrations', 'apply', 'DB', '--local'], {
  stdio: 'inherit',
  env: { ...process.env, CI: 'true' },
});
if (migrate.status !== 0) {
  console.error('Applying the D1 migrations failed; see the output above.');
  process.exit(migrate.status ?? 1);
}

const defaults = [];
if (!args.some((a) => a === '--port' || a.startsWith('--port='))) defaults.push('--port', '8787');
if (!args.some((a) => a === '--ip' || a.startsWith('--ip='))) defaults.push('--ip', '127.0.0.1');
const vars =
  process.env.GATEWAY_ADMIN_TOKEN && !hasAdminToken()
    ? ['--var', `GATEWAY_ADMIN_TOKEN:${process.env.GATEWAY_ADMIN_TOKEN}`]
    : [];
const dev = spawn(wrangler, ['dev', ...defaults, ...vars, ...args], { stdio: 'inherit' });
dev.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => dev.kill(signal));

import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalGateway, startLocalGateway } from '../agents/harness/gateway';
import { fakeOpenAI } from '../fakes/openai-upstream';
import { launchChromium } from './browser';
import { signIn, WAIT } from './session';
import { slowStreams } from './slow-stream';

// The console as a newcomer uses it, in headless Chromium against the gateway on loopback: sign
// in, create an endpoint through the form, set its rate limit and fallbacks, chat in the
// playground, find that request on the dashboard, filter by its tag and export CSV; at desktop
// width and at a phone's 390 px.

const ANSWER = 'Streaming through the gateway, four characters at a time, so it arrives in steps.';
const UPSTREAM_KEY = 'sk-console-upstream';

/** `npm run screenshots` sets this: the desktop run then refreshes the README's pictures in docs/. */
const shot = (name: string) =>
  process.env.CONSOLE_SCREENSHOTS ? `docs/console-${name}.png` : undefined;

let gateway: LocalGateway;
let browser: Browser;

beforeAll(async () => {
  const fake = fakeOpenAI({ apiKey: UPSTREAM_KEY, reply: () => ({ text: ANSWER }) });
  gateway = await startLocalGateway({ 'api.openai.fake': slowStreams(fake, 25) });
  // A secret for the form to choose from (the form offers every scope's keys).
  await gateway.admin('POST', '/api/2.0/secrets/scopes/create', { scope: 'providers' });
  await gateway.admin('POST', '/api/2.0/secrets/put', {
    scope: 'providers',
    key: 'openai',
    string_value: UPSTREAM_KEY,
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
});

async function createEndpoint(page: Page, name: string, screenshot?: string) {
  await page.getByRole('link', { name: 'Endpoints' }).click();
  await page.getByRole('link', { name: 'Create an endpoint' }).click();
  await page.getByLabel('Endpoint name').fill(name);
  await page.getByLabel('Provider', { exact: true }).selectOption('openai');
  await page.getByLabel("Provider's model name").fill('gpt-4o-mini');
  await page.getByLabel('API base (optional)').fill('https://api.openai.fake/v1');
  // The API key comes from the secret put above: its scope and key are picked by default.
  await expect
    .poll(() => page.getByLabel('Key', { exact: true }).inputValue(), WAIT)
    .toBe('openai');
  await page.getByLabel('Log payloads (inference table)').check();
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  await page.getByRole('button', { name: 'Create endpoint' }).click();
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), WAIT).toBe(name);
  const created = await gateway.admin('GET', `/api/2.0/serving-endpoints/${name}`);
  expect(created.config.served_entities[0].external_model.openai_config.openai_api_key).toBe(
    '{{secrets/providers/openai}}',
  );
}

/** On the endpoint just created: a rate limit and fallbacks through the form, read back by REST. */
async function gatewayForm(page: Page, name: string) {
  const form = page.getByRole('form', { name: 'AI gateway' });
  await form.getByRole('button', { name: 'Add a rate limit' }).click();
  await form.getByLabel('Calls per minute').fill('60');
  await form.getByLabel('Fall back to the next served entity on failure').check();
  await form.getByRole('button', { name: 'Save AI gateway' }).click();
  await expect.poll(() => form.getByRole('status').textContent(), WAIT).toBe('Saved.');
  const { ai_gateway } = await gateway.admin('GET', `/api/2.0/serving-endpoints/${name}`);
  expect(ai_gateway.rate_limits).toEqual([{ key: 'user', calls: 60, renewal_period: 'minute' }]);
  expect(ai_gateway.fallback_config).toEqual({ enabled: true });
  expect(ai_gateway.inference_table_config).toEqual({ enabled: true }); // kept from creation
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(page.viewportSize()!.width);
}

async function chat(page: Page, endpoint: string, tag: string, screenshot?: string) {
  await page.getByRole('link', { name: 'Playground' }).click();
  await page.getByLabel('Endpoint', { exact: true }).selectOption(endpoint);
  await page.getByText('Settings').click();
  await page
    .getByLabel('Request tags (JSON object)')
    .fill(JSON.stringify({ source: 'playground', run: tag }));
  await page.getByLabel('Message').fill('Say something in several steps.');
  // Every length the answer takes while it streams, seen from inside the page.
  await page.evaluate(() => {
    const seen: number[] = [];
    (window as any).answerLengths = seen;
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid="answer"]')?.textContent ?? '';
      if (text.length !== seen[seen.length - 1]) seen.push(text.length);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByRole('button', { name: 'Send' }).click();
  await expect.poll(() => page.getByTestId('answer').textContent(), WAIT).toBe(ANSWER);
  const lengths: number[] = await page.evaluate(() => (window as any).answerLengths);
  expect(lengths.filter((n) => n > 0 && n < ANSWER.length).length).toBeGreaterThanOrEqual(3);
  await expect
    .poll(() => page.getByTestId('answer-meta').textContent(), WAIT)
    .toMatch(/\d+ in · \d+ out/);
  await page.getByRole('button', { name: 'View code' }).click();
  expect(await page.getByTestId('snippet').textContent()).toContain(
    `${gateway.url}/ai-gateway/mlflow/v1/chat/completions`,
  );
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
}

async function dashboard(page: Page, endpoint: string, tag: string, screenshot?: string) {
  // Another request with another tag, so the tag filter has something to leave out.
  const { token_value } = await gateway.admin('POST', '/api/2.0/token/create', {});
  await fetch(`${gateway.url}/ai-gateway/mlflow/v1/chat/completions`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token_value}`,
      'content-type': 'application/json',
      'databricks-ai-gateway-request-tags': JSON.stringify({ source: 'script' }),
    },
    body: JSON.stringify({ model: endpoint, messages: [{ role: 'user', content: 'hi' }] }),
  }).then((r) => r.text());

  await page.getByRole('link', { name: 'Usage' }).click();
  await page.getByLabel('Endpoint', { exact: true }).selectOption(endpoint);
  const rows = page.locator('table.requests tbody tr[data-request-id]');
  // Usage rows reach D1 through the queue a moment after the request: refresh until both are in.
  await expect
    .poll(
      async () => {
        await page.getByRole('button', { name: 'Refresh' }).click();
        return rows.count();
      },
      { timeout: 20_000, intervals: [500] },
    )
    .toBe(2);
  const playgroundRow = rows.filter({ hasText: `run=${tag}` });
  await expect.poll(() => playgroundRow.count(), WAIT).toBe(1);
  const cells = await playgroundRow.locator('td').allTextContents();
  expect(cells[2]).toBe('200');
  expect(Number(cells[4])).toBeGreaterThan(0); // output tokens
  // Breakdowns and totals come from the summary route (the rollups, or raw rows under a tag filter).
  const requestsTile = page.getByRole('region', { name: 'Totals' }).locator('.tile').first();
  await expect.poll(() => requestsTile.textContent(), WAIT).toBe('Requests2');
  const byProvider = page.getByRole('region', { name: 'By provider' });
  await expect
    .poll(() => byProvider.locator('tbody th').allTextContents(), WAIT)
    .toEqual(['openai']);
  expect(await byProvider.locator('tbody td').first().textContent()).toBe('2');

  await page.getByLabel('Tag', { exact: true }).selectOption('source');
  await page.getByLabel('Tag value').fill('playground');
  await expect.poll(() => rows.count(), WAIT).toBe(1);
  expect(await rows.first().textContent()).toContain(`run=${tag}`);
  await expect.poll(() => requestsTile.textContent(), WAIT).toBe('Requests1');

  // The time range: a custom week in 2020 holds none of it, the last 30 days all of it again.
  const range = page.getByLabel('Time range');
  await range.selectOption('custom');
  await page.getByLabel('From', { exact: true }).fill('2020-01-01T00:00');
  await page.getByLabel('To', { exact: true }).fill('2020-01-08T00:00');
  await expect.poll(() => rows.count(), WAIT).toBe(0);
  await expect.poll(() => requestsTile.textContent(), WAIT).toBe('Requests0');
  await range.selectOption('30days');
  await expect.poll(() => rows.count(), WAIT).toBe(1);
  await expect.poll(() => requestsTile.textContent(), WAIT).toBe('Requests1');

  // Drill-down to the payload: the endpoint logs its inference table (ticked in the form).
  await rows.first().getByRole('button', { name: 'Show' }).click();
  await expect
    .poll(() => page.locator('.payload').textContent(), WAIT)
    .toContain('Say something in several steps.');
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const csv = readFileSync((await download.path())!, 'utf8')
    .trim()
    .split('\r\n');
  expect(csv[0]).toContain('event_time,request_id,endpoint_name');
  expect(csv).toHaveLength(2);
  expect(csv[1]).toContain(endpoint);
  expect(csv[1]).toContain(`""run"":""${tag}""`);
}

describe('the console', () => {
  it('at 1280 px: sign in, create an endpoint, set its gateway, chat, see it on the dashboard, filter, export', async () => {
    const page = await browser.newPage({
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    await signIn(page, gateway.url);
    await createEndpoint(page, 'console-desktop', shot('endpoint-form'));
    await gatewayForm(page, 'console-desktop');
    await chat(page, 'console-desktop', 'desktop', shot('playground'));
    await dashboard(page, 'console-desktop', 'desktop', shot('dashboard'));
    await page.close();
  });

  it('at 390 px: the same flows', async () => {
    const page = await browser.newPage({
      viewport: { width: 390, height: 844 },
      acceptDownloads: true,
    });
    await signIn(page, gateway.url);
    await createEndpoint(page, 'console-phone');
    await gatewayForm(page, 'console-phone');
    await chat(page, 'console-phone', 'phone');
    await dashboard(page, 'console-phone', 'phone');
    // Nothing wider than the screen but the tables, which scroll inside their panels.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(overflow).toBeLessThanOrEqual(390);
    await page.close();
  });

  it('names a user signed in with a gateway token, and signs out', async () => {
    const { token_value } = await gateway.admin('POST', '/api/2.0/token/create', {
      principal: 'alice@example.com',
    });
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${gateway.url}/console/`);
    await page.getByLabel('Gateway token or admin token').fill(token_value);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByTestId('who').textContent(), WAIT).toBe('alice@example.com');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.evaluate(() => sessionStorage.length), WAIT).toBe(0);
    await page.close();
  });
});

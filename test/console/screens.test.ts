import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalGateway, startLocalGateway } from '../agents/harness/gateway';
import { fakeOpenAI } from '../fakes/openai-upstream';
import { launchChromium } from './browser';
import { contrastRatio } from './contrast';
import { endpointSteps } from './endpoint-steps';
import { keyboard } from './keyboard';
import { expectLabelledControls, expectNoOverflow, signIn, WAIT } from './session';

// The console's other screens in headless Chromium against the gateway on loopback: editing an
// endpoint (config, traffic split, guardrails, permissions, delete), secrets, tokens, the
// playground's tools, compare and code views, dark mode and the keyboard. Each check reads the
// result back over REST, so a form that shows "Saved." without saving fails.

const UPSTREAM_KEY = 'sk-screens-upstream';
const WEATHER_TOOL = {
  type: 'function',
  function: {
    name: 'get_weather',
    parameters: { type: 'object', properties: { city: { type: 'string' } } },
  },
};

let gateway: LocalGateway;
let browser: Browser;
let steps: ReturnType<typeof endpointSteps>;

beforeAll(async () => {
  // With tools the fake calls one; without, it names its model, so compared panes differ.
  const fake = fakeOpenAI({
    apiKey: UPSTREAM_KEY,
    reply: (body) =>
      body.tools?.length
        ? { toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }] }
        : { text: `answer from ${body.model}` },
  });
  gateway = await startLocalGateway({ 'api.openai.fake': fake });
  await gateway.admin('POST', '/api/2.0/secrets/scopes/create', { scope: 'providers' });
  await gateway.admin('POST', '/api/2.0/secrets/put', {
    scope: 'providers',
    key: 'openai',
    string_value: UPSTREAM_KEY,
  });
  steps = endpointSteps(gateway);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
});

async function openPage(width: number, colorScheme: 'light' | 'dark' = 'light') {
  const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme });
  await signIn(page, gateway.url);
  return page;
}

async function secrets(page: Page) {
  const VALUE = 'never-shown-back-42';
  await page.getByRole('link', { name: 'Secrets' }).click();
  for (const scope of ['team-a', 'team-b']) {
    await page.getByLabel('New scope').fill(scope);
    await page.getByRole('button', { name: 'Create scope' }).click();
    await expect
      .poll(() => page.getByRole('button', { name: scope, exact: true }).count(), WAIT)
      .toBe(1);
  }
  await page.getByRole('button', { name: 'team-a', exact: true }).click();
  const keys = page.getByRole('region', { name: 'Keys of team-a' });
  await expectLabelledControls(page);
  await keys.getByLabel('Key', { exact: true }).fill('db-password');
  await keys.getByLabel(/^Value/).fill(VALUE);
  await keys.getByRole('button', { name: 'Put secret' }).click();
  await expect
    .poll(() => keys.getByRole('listitem').allTextContents(), WAIT)
    .toEqual(['db-password Delete']);
  expect(await keys.getByLabel(/^Value/).inputValue()).toBe('');
  expect(await page.content()).not.toContain(VALUE);
  const listed = await gateway.admin('GET', '/api/2.0/secrets/list?scope=team-a');
  expect(listed.secrets.map((s: any) => s.key)).toEqual(['db-password']);
  expect(JSON.stringify(listed)).not.toContain(VALUE);

  await keys.getByRole('button', { name: 'Delete key db-password' }).click();
  await expect.poll(() => keys.getByRole('listitem').count(), WAIT).toBe(0);
  expect((await gateway.admin('GET', '/api/2.0/secrets/list?scope=team-a')).secrets ?? []).toEqual(
    [],
  );
  // Deleting another scope leaves this one's keys open.
  await page.getByRole('button', { name: 'Delete scope team-b' }).click();
  await expect
    .poll(() => page.getByRole('button', { name: 'team-b', exact: true }).count(), WAIT)
    .toBe(0);
  expect(await keys.isVisible()).toBe(true);
  await page.getByRole('button', { name: 'Delete scope team-a' }).click();
  await expect
    .poll(() => page.getByRole('button', { name: 'team-a', exact: true }).count(), WAIT)
    .toBe(0);
  const { scopes } = await gateway.admin('GET', '/api/2.0/secrets/scopes/list');
  expect(scopes.map((s: any) => s.name)).toEqual(['providers']);
  expect(await keys.count()).toBe(0);
}

async function tokens(page: Page, comment: string) {
  await page.getByRole('link', { name: 'Tokens' }).click();
  await page.getByLabel('Comment').fill(comment);
  await page.getByRole('button', { name: 'Create token' }).click();
  const shown = page.getByTestId('new-token');
  await expect.poll(() => shown.count(), WAIT).toBe(1);
  const value = (await shown.textContent())!;
  const me = (token: string) =>
    fetch(`${gateway.url}/api/2.0/preview/scim/v2/Me`, {
      headers: { authorization: `Bearer ${token}` },
    });
  expect((await me(value)).status).toBe(200);
  await expectNoOverflow(page);
  await expectLabelledControls(page);

  // Shown once: gone after a visit elsewhere.
  await page.getByRole('link', { name: 'Usage' }).click();
  await page.getByRole('link', { name: 'Tokens' }).click();
  const row = page.getByRole('row').filter({ hasText: comment });
  await expect.poll(() => row.count(), WAIT).toBe(1);
  expect(await shown.count()).toBe(0);
  expect(await page.content()).not.toContain(value);

  await row.getByRole('button', { name: `Revoke token ${comment}` }).click();
  await expect.poll(() => row.count(), WAIT).toBe(0);
  expect((await me(value)).status).toBe(401);
}

async function playground(page: Page) {
  await page.getByRole('link', { name: 'Playground' }).click();
  await page.getByLabel('Endpoint', { exact: true }).selectOption('screens-a');
  await page.getByText('Settings').click();
  const tools = page.getByLabel('Tools (JSON array, OpenAI format)');
  await page.getByLabel('Message').fill('What is the weather in Paris?');
  // Tools that are not JSON are refused before anything is sent, the message kept.
  await tools.fill('[{"type": "function",');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect
    .poll(() => page.getByRole('alert').textContent(), WAIT)
    .toBe('Tools is not valid JSON.');
  expect(await page.getByLabel('Message').inputValue()).toBe('What is the weather in Paris?');
  await tools.fill(JSON.stringify([WEATHER_TOOL]));
  await page.getByRole('button', { name: 'Send' }).click();
  await expect
    .poll(() => page.locator('.tool-call').textContent(), WAIT)
    .toBe('tool call get_weather({"city":"Paris"})');
  const upstream = JSON.parse(gateway.outboundCalls.at(-1)!.body);
  expect(upstream.tools[0].function.name).toBe('get_weather');

  // Compare: the same prompt to both endpoints, each answer in its own pane.
  await tools.fill('');
  await page.getByRole('button', { name: 'Clear' }).click();
  await page.getByLabel('Compare two endpoints').check();
  await page.getByLabel('Left endpoint').selectOption('screens-a');
  await page.getByLabel('Right endpoint').selectOption('screens-b');
  // Ctrl+Enter sends from the message box, as its keyboard users expect.
  await page.getByLabel('Message').fill('Who are you?');
  await page.getByLabel('Message').press('Control+Enter');
  for (const [side, endpoint, model] of [
    ['Left', 'screens-a', 'gpt-4o-mini'],
    ['Right', 'screens-b', 'gpt-4.1-mini'],
  ])
    await expect
      .poll(
        () =>
          page
            .getByRole('region', { name: `${side}: ${endpoint}` })
            .getByTestId('answer')
            .textContent(),
        WAIT,
      )
      .toBe(`answer from ${model}`);

  await page.getByRole('button', { name: 'View code' }).click();
  const snippet = page.getByTestId('snippet');
  expect(await snippet.textContent()).toContain(
    `${gateway.url}/ai-gateway/mlflow/v1/chat/completions`,
  );
  expect(await snippet.textContent()).toContain('"model": "screens-a"');
  await expectLabelledControls(page);
  await page.getByRole('tab', { name: 'OpenAI SDK' }).click();
  expect(await snippet.textContent()).toContain(`${gateway.url}/ai-gateway/mlflow/v1`);
  await expectNoOverflow(page);
}

describe('the console screens', () => {
  it('at 1280 px: creates an endpoint through a provider form, edits one (config, traffic split, guardrails, permissions) and deletes it', async () => {
    await steps.createEndpoint('screens-edit', 'gpt-4o-mini');
    const page = await openPage(1280);
    await steps.createForm(page);
    await steps.editConfig(page, 'screens-edit');
    await steps.trafficSplit(page, 'screens-edit');
    await steps.guardrails(page, 'screens-edit');
    await steps.permissions(page, 'screens-edit');
    await steps.deleteEndpoint(page, 'screens-edit');
    await page.close();
  });

  it('at 1280 px: keyboard focus is visible; secrets go in, their keys are listed, their values never come back', async () => {
    const page = await openPage(1280);
    await keyboard(page);
    await secrets(page);
    await page.close();
  });

  it.each([1280, 390])('at %i px: a token is shown once, works, and is revoked', async (width) => {
    const page = await openPage(width);
    await tokens(page, `screens-${width}`);
    await page.close();
  });

  it.each([1280, 390])(
    'at %i px: the playground shows tool calls, compares two endpoints and shows code',
    async (width) => {
      if (width === 1280) {
        await steps.createEndpoint('screens-a', 'gpt-4o-mini');
        await steps.createEndpoint('screens-b', 'gpt-4.1-mini');
      }
      const page = await openPage(width);
      await playground(page);
      await page.close();
    },
  );

  it('in dark mode: dark background, light text, readable buttons, visible focus', async () => {
    await steps.createEndpoint('screens-dark', 'gpt-4o-mini');
    const page = await openPage(1280, 'dark');
    await page.goto(`${gateway.url}/console/#/endpoints/edit/screens-dark`);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), WAIT)
      .toBe('screens-dark');
    const body = await contrastRatio(page.locator('body'));
    expect(body.background.luminance).toBeLessThan(0.05);
    expect(body.text.luminance).toBeGreaterThan(0.6);
    expect(body.ratio).toBeGreaterThanOrEqual(4.5);
    for (const name of ['Save AI gateway', 'Delete endpoint'])
      expect(
        (await contrastRatio(page.getByRole('button', { name }))).ratio,
      ).toBeGreaterThanOrEqual(4.5);
    expect(
      (await contrastRatio(page.getByRole('link', { name: 'All endpoints' }))).ratio,
    ).toBeGreaterThanOrEqual(4.5);
    await keyboard(page);
    await page.close();
  });
});

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalGateway, startLocalGateway } from '../agents/harness/gateway';
import { fakeOpenAI } from '../fakes/openai-upstream';
import { launchChromium } from './browser';
import { contrastRatio } from './contrast';
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
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
});

const servedEntity = (name: string, model: string) => ({
  name,
  external_model: {
    name: model,
    provider: 'openai',
    task: 'llm/v1/chat',
    openai_config: {
      openai_api_key: '{{secrets/providers/openai}}',
      openai_api_base: 'https://api.openai.fake/v1',
    },
  },
});

const createEndpoint = (name: string, model: string) =>
  gateway.admin('POST', '/api/2.0/serving-endpoints', {
    name,
    config: { served_entities: [servedEntity('main', model)] },
  });

const getEndpoint = (name: string) => gateway.admin('GET', `/api/2.0/serving-endpoints/${name}`);

async function openPage(width: number, colorScheme: 'light' | 'dark' = 'light') {
  const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme });
  await signIn(page, gateway.url);
  return page;
}

/**
 * The create form per provider: each one's own fields, all labelled; then an Anthropic endpoint
 * whose key is typed in, stored as the endpoint's own secret and never shown back.
 */
async function createForm(page: Page) {
  const KEY = 'sk-ant-typed-in-the-form';
  await page.getByRole('link', { name: 'Endpoints' }).click();
  await page.getByRole('link', { name: 'Create an endpoint' }).click();
  const provider = page.getByLabel('Provider', { exact: true });
  const credentials = page.locator('fieldset.credential legend');
  // Preact renders a provider's fields a moment after the change: poll for them.
  for (const [id, legends] of Object.entries({
    'amazon-bedrock': ['Access key ID (required)', 'Secret access key (required)'],
    'google-cloud-vertex-ai': ['Service-account JSON key (required)'],
    custom: ['Bearer token (required)'],
    anthropic: ['API key (required)'],
  })) {
    await provider.selectOption(id);
    await expect.poll(() => credentials.allTextContents(), WAIT).toEqual(legends);
    await expectLabelledControls(page);
  }
  await page.getByLabel('Endpoint name').fill('screens-claude');
  await page.getByLabel("Provider's model name").fill('claude-sonnet-4-5');
  await page.getByLabel('Enter the value').check();
  await page.getByLabel(/^Value/).fill(KEY);
  await page.getByRole('button', { name: 'Create endpoint' }).click();
  await expect
    .poll(() => page.getByRole('heading', { level: 1 }).textContent(), WAIT)
    .toBe('screens-claude');
  const created = await getEndpoint('screens-claude');
  expect(created.config.served_entities[0].external_model).toMatchObject({
    provider: 'anthropic',
    name: 'claude-sonnet-4-5',
    anthropic_config: { anthropic_api_key_plaintext: '[REDACTED]' },
  });
  expect(await page.content()).not.toContain(KEY);
}

async function editConfig(page: Page, name: string) {
  await page.getByRole('link', { name: 'Endpoints', exact: true }).click();
  const row = page.getByRole('row', { name: new RegExp(`^${name} `) });
  await expect
    .poll(() => row.locator('td').allTextContents(), WAIT)
    .toEqual(['READY', 'openai', 'gpt-4o-mini', 'llm/v1/chat', 'CAN_MANAGE']);
  await row.getByRole('link', { name }).click();
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), WAIT).toBe(name);
  // The config as JSON: another model for the first entity, and a second entity to split to.
  await page.getByText('Advanced (JSON)').click();
  const editor = page.getByLabel('Config', { exact: true });
  const config = JSON.parse(await editor.inputValue());
  config.served_entities[0].external_model.name = 'gpt-4.1-mini';
  config.served_entities.push(servedEntity('spare', 'gpt-4o'));
  await editor.fill(JSON.stringify(config));
  await page.getByRole('button', { name: 'Save config' }).click();
  await expect
    .poll(async () => (await getEndpoint(name)).config.served_entities.length, WAIT)
    .toBe(2);
  const { served_entities } = (await getEndpoint(name)).config;
  expect(served_entities[0].external_model.name).toBe('gpt-4.1-mini');
  // Credentials went back as their references, not as values.
  expect(served_entities[1].external_model.openai_config.openai_api_key).toBe(
    '{{secrets/providers/openai}}',
  );
}

async function trafficSplit(page: Page, name: string) {
  const form = page.getByRole('form', { name: 'Traffic split' });
  const total = form.getByText(/^Total:/);
  // The form remounts with the second entity after the config save.
  await expect.poll(() => form.getByLabel('spare (%)').inputValue(), WAIT).toBe('0');
  expect(await form.getByLabel('main (%)').inputValue()).toBe('100');
  await form.getByLabel('main (%)').fill('70');
  await form.getByLabel('spare (%)').fill('20');
  await expect.poll(() => total.textContent(), WAIT).toBe('Total: 90%');
  await form.getByRole('button', { name: 'Save traffic split' }).click();
  await expect
    .poll(() => form.getByRole('alert').textContent(), WAIT)
    .toBe('The shares add up to 90, not 100.');
  expect((await getEndpoint(name)).config.traffic_config).toBeUndefined();
  await form.getByLabel('spare (%)').fill('30');
  await expect.poll(() => total.textContent(), WAIT).toBe('Total: 100%');
  await form.getByRole('button', { name: 'Save traffic split' }).click();
  await expect.poll(() => form.getByRole('status').textContent(), WAIT).toBe('Saved.');
  expect((await getEndpoint(name)).config.traffic_config).toEqual({
    routes: [
      { served_model_name: 'main', traffic_percentage: 70 },
      { served_model_name: 'spare', traffic_percentage: 30 },
    ],
  });
}

async function guardrails(page: Page, name: string) {
  await expectLabelledControls(page);
  const form = page.getByRole('form', { name: 'AI gateway' });
  const input = form.getByRole('group', { name: 'Input guardrails' });
  await input.getByLabel('Personal data (PII)').selectOption('BLOCK');
  await input.getByLabel('Invalid keywords').fill('password\nsecret plan');
  await form.getByRole('button', { name: 'Save AI gateway' }).click();
  await expect.poll(() => form.getByRole('status').textContent(), WAIT).toBe('Saved.');
  const { ai_gateway } = await getEndpoint(name);
  expect(ai_gateway.guardrails.input).toMatchObject({
    pii: { behavior: 'BLOCK' },
    invalid_keywords: ['password', 'secret plan'],
  });
}

async function permissions(page: Page, name: string) {
  const section = page.getByRole('region', { name: 'Permissions' });
  const grant = async (user: string, level: string) => {
    await section.getByLabel('Kind').selectOption('user_name');
    await section.getByLabel('Name').fill(user);
    await section.getByLabel('Permission').selectOption(level);
    await section.getByRole('button', { name: 'Grant' }).click();
    await expect
      .poll(() => section.getByRole('listitem').allTextContents(), WAIT)
      .toContain(`User ${user}: ${level} Remove`);
  };
  // Two grants: the second goes back with the list the first one read.
  await grant('bob@example.com', 'CAN_QUERY');
  await grant('carol@example.com', 'CAN_VIEW');
  expect(await section.getByRole('alert').count()).toBe(0);
  const { access_control_list } = await gateway.admin(
    'GET',
    `/api/2.0/permissions/serving-endpoints/${name}`,
  );
  const levels = Object.fromEntries(
    access_control_list.map((e: any) => [e.user_name, e.all_permissions[0].permission_level]),
  );
  expect(levels).toMatchObject({
    'bob@example.com': 'CAN_QUERY',
    'carol@example.com': 'CAN_VIEW',
  });
  await section.getByRole('button', { name: 'Remove carol@example.com' }).click();
  await expect
    .poll(async () => {
      const { access_control_list: acl } = await gateway.admin(
        'GET',
        `/api/2.0/permissions/serving-endpoints/${name}`,
      );
      return acl.map((e: any) => e.user_name).sort();
    }, WAIT)
    .toEqual(['admin', 'bob@example.com']);
}

async function deleteEndpoint(page: Page, name: string) {
  const button = page.getByRole('button', { name: 'Delete endpoint' });
  expect((await contrastRatio(button)).ratio).toBeGreaterThanOrEqual(4.5);
  page.once('dialog', (dialog) => dialog.accept());
  await button.click();
  await expect
    .poll(() => page.getByRole('heading', { level: 1 }).textContent(), WAIT)
    .toBe('Endpoints');
  await expect(getEndpoint(name)).rejects.toThrow(/→ 404/);
  // The list, once loaded (the endpoint made through the form is in it), lacks the deleted one.
  const names = () => page.locator('tbody th').allTextContents();
  await expect.poll(names, WAIT).toContain('screens-claude');
  expect(await names()).not.toContain(name);
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

/**
 * From the top of the page, as a keyboard user starts: the first Tab shows "Skip to content"
 * (readable), the next ones reach the nav links, each outlined at 3:1 against the page at least.
 */
async function keyboard(page: Page) {
  await page.reload();
  await expect.poll(() => page.getByTestId('who').textContent(), WAIT).toBe('admin');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('button', { name: 'Skip to content' });
  expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
  expect(await skip.isVisible()).toBe(true);
  expect((await contrastRatio(skip)).ratio).toBeGreaterThanOrEqual(4.5);
  const nav = ['Usage', 'Playground', 'Endpoints', 'Secrets', 'Tokens'];
  const reached: string[] = [];
  for (let i = 0; i < 10 && reached.length < nav.length; i++) {
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    const state = await focused.evaluate((el) => {
      const style = getComputedStyle(el);
      return {
        inNav: Boolean(el.closest('nav')),
        text: el.textContent ?? '',
        focusVisible: el.matches(':focus-visible'),
        outlined: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
      };
    });
    if (!state.inNav) continue;
    expect(state).toMatchObject({ focusVisible: true, outlined: true });
    expect((await contrastRatio(focused, 'outlineColor')).ratio).toBeGreaterThanOrEqual(3);
    reached.push(state.text);
  }
  expect(reached).toEqual(nav);
  // The skip button moves focus past the navigation.
  await skip.focus();
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
}

describe('the console screens', () => {
  it('at 1280 px: creates an endpoint through a provider form, edits one (config, traffic split, guardrails, permissions) and deletes it', async () => {
    await createEndpoint('screens-edit', 'gpt-4o-mini');
    const page = await openPage(1280);
    await createForm(page);
    await editConfig(page, 'screens-edit');
    await trafficSplit(page, 'screens-edit');
    await guardrails(page, 'screens-edit');
    await permissions(page, 'screens-edit');
    await deleteEndpoint(page, 'screens-edit');
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
        await createEndpoint('screens-a', 'gpt-4o-mini');
        await createEndpoint('screens-b', 'gpt-4.1-mini');
      }
      const page = await openPage(width);
      await playground(page);
      await page.close();
    },
  );

  it('in dark mode: dark background, light text, readable buttons, visible focus', async () => {
    await createEndpoint('screens-dark', 'gpt-4o-mini');
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

import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { LocalGateway } from '../agents/harness/gateway';
import { contrastRatio } from './contrast';
import { expectLabelledControls, WAIT } from './session';

// The endpoint screens step by step, each result read back over REST from `gateway`: the create
// form per provider, the config as JSON, the traffic split, guardrails, permissions and delete.

/** An OpenAI served entity on the fake host, its key the admin's `providers/openai` secret. */
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

/** The steps against `gateway`; each takes a page signed in as the admin. */
export function endpointSteps(gateway: LocalGateway) {
  const createEndpoint = (name: string, model: string) =>
    gateway.admin('POST', '/api/2.0/serving-endpoints', {
      name,
      config: { served_entities: [servedEntity('main', model)] },
    });

  const getEndpoint = (name: string) => gateway.admin('GET', `/api/2.0/serving-endpoints/${name}`);

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

  return {
    createEndpoint,
    createForm,
    editConfig,
    trafficSplit,
    guardrails,
    permissions,
    deleteEndpoint,
  };
}

import { describe, expect, it } from 'vitest';
import { servedEntity } from '../src/lib/endpoint-config';
import { PROVIDERS } from '../src/lib/providers';
import { snippet } from '../src/lib/snippets';
import { parseHash } from '../src/lib/route';
import { resolveRange } from '../src/lib/time-range';

const request = {
  baseUrl: 'http://127.0.0.1:8787',
  endpoint: 'chat',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: "It's me" },
  ],
  temperature: 0.2,
  maxTokens: 64,
  tags: { source: 'playground' },
};

describe('view code snippets', () => {
  it('curl posts to the chat route with the tags header and quotes the body for the shell', () => {
    const curl = snippet('curl', request);
    expect(curl).toContain('http://127.0.0.1:8787/ai-gateway/mlflow/v1/chat/completions');
    expect(curl).toContain('Databricks-Ai-Gateway-Request-Tags: {"source":"playground"}');
    expect(curl).toContain("It'\\''s me");
  });
  it('each SDK points at its own route of this gateway', () => {
    expect(snippet('openai', request)).toContain(
      "baseURL: 'http://127.0.0.1:8787/ai-gateway/mlflow/v1'",
    );
    const anthropic = snippet('anthropic', request);
    expect(anthropic).toContain("baseURL: 'http://127.0.0.1:8787/ai-gateway/anthropic'");
    expect(anthropic).toContain('system: "Be brief."');
    expect(snippet('gemini', request)).toContain(
      "baseUrl: 'http://127.0.0.1:8787/ai-gateway/gemini'",
    );
  });
});

describe('servedEntity', () => {
  const form = {
    name: 'e',
    servedName: '',
    model: 'gpt-4o-mini',
    task: 'llm/v1/chat',
    values: { openai_api_base: ' https://proxy/v1 ', openai_organization: '' },
    credentials: { openai_api_key: { mode: 'secret' as const, scope: 's', key: 'k' } },
  };
  it('writes credentials as secret references and leaves out empty fields', () => {
    expect(servedEntity(PROVIDERS[0], form)).toEqual({
      name: 'gpt-4o-mini',
      external_model: {
        name: 'gpt-4o-mini',
        provider: 'openai',
        task: 'llm/v1/chat',
        openai_config: { openai_api_key: '{{secrets/s/k}}', openai_api_base: 'https://proxy/v1' },
      },
    });
  });
  it('sends a typed credential as _plaintext, nested where the field says, and Azure as openai', () => {
    const custom = PROVIDERS.find((p) => p.id === 'custom')!;
    const entity = servedEntity(custom, {
      ...form,
      values: { custom_provider_url: 'https://h/v1' },
      credentials: { 'bearer_token_auth.token': { mode: 'plaintext', value: 't' } },
    });
    expect(entity.external_model.custom_provider_config).toEqual({
      custom_provider_url: 'https://h/v1',
      bearer_token_auth: { token_plaintext: 't' },
    });
    const azure = servedEntity(PROVIDERS.find((p) => p.id === 'azure-openai')!, form);
    expect(azure.external_model.provider).toBe('openai');
    expect(azure.external_model.openai_config).toMatchObject({ openai_api_type: 'azure' });
  });
});

describe('routing and ranges', () => {
  it('parses the hash into a page and its argument', () => {
    expect(parseHash('#/endpoints/edit/my%20ep')).toEqual({
      route: 'endpoints',
      arg: 'edit/my ep',
    });
    expect(parseHash('')).toEqual({ route: 'dashboard', arg: '' });
  });
  it('resolves presets back from now and orders custom bounds', () => {
    expect(resolveRange('hour', 10_000_000)).toEqual({ start: 6_400_000, end: 10_000_000 });
    expect(resolveRange('custom', 0, { start: 5, end: 2 })).toEqual({ start: 2, end: 5 });
  });
});

import { describe, expect, it } from 'vitest';
import {
  decodeMessagesRequest,
  encodeMessagesRequest,
} from '../../../src/formats/anthropic-messages';
import { InvalidRequest } from '../../../src/formats/invalid-request';

// The Anthropic Messages request codec round-trips real-shaped requests unchanged
// (decode → encode == input), and rejects malformed ones naming the field.

const roundTrip = (body: Record<string, any>) =>
  encodeMessagesRequest(decodeMessagesRequest(body), { model: body.model, inlineSystem: true });

const weather = {
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

/** What Claude Code 2.1 sends (CLIENTS.md), trimmed to one tool. */
const claudeCode = {
  model: 'claude-endpoint',
  max_tokens: 32000,
  system: [
    { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1' },
    { type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } },
    { type: 'text', text: 'Environment: linux', cache_control: { type: 'ephemeral' } },
  ],
  messages: [
    {
      role: 'user',
      content: [
        { type: 'text', text: '<system-reminder>ctx</system-reminder>' },
        { type: 'text', text: 'list files', cache_control: { type: 'ephemeral' } },
      ],
    },
    { role: 'system', content: 'The user switched to plan mode.' },
  ],
  tools: [
    {
      name: 'Bash',
      description: 'Run a command',
      input_schema: {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: { command: { type: 'string' } },
        required: ['command'],
        additionalProperties: false,
      },
    },
  ],
  thinking: { type: 'adaptive' },
  context_management: { edits: [{ type: 'clear_thinking_20251015' }] },
  output_config: { effort: 'high' },
  metadata: { user_id: '{"device_id":"abc","session_id":"s1"}' },
  stream: true,
};

const toolRoundTrip = {
  model: 'claude-sonnet-4-5',
  max_tokens: 4096,
  system: 'You are a weather bot.',
  thinking: { type: 'enabled', budget_tokens: 2048 },
  tools: [{ ...weather, cache_control: { type: 'ephemeral', ttl: '1h' } }],
  tool_choice: { type: 'auto', disable_parallel_tool_use: true },
  messages: [
    { role: 'user', content: 'Weather in Paris and Rome?' },
    {
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'Two cities, two calls.', signature: 'EqQBCkYIBxgCKkBsig==' },
        {
          type: 'redacted_thinking',
          data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP',
        },
        { type: 'text', text: 'Checking both.' },
        { type: 'tool_use', id: 'toolu_01A', name: 'get_weather', input: { city: 'Paris' } },
        {
          type: 'tool_use',
          id: 'toolu_01B',
          name: 'get_weather',
          input: { city: 'Rome' },
          cache_control: { type: 'ephemeral' },
        },
      ],
    },
    {
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'toolu_01A', content: 'sunny' },
        {
          type: 'tool_result',
          tool_use_id: 'toolu_01B',
          is_error: true,
          content: [
            { type: 'text', text: 'station offline' },
            {
              type: 'image',
              source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' },
            },
          ],
          cache_control: { type: 'ephemeral' },
        },
        { type: 'text', text: 'Summarise please.' },
      ],
    },
  ],
};

const media = {
  model: 'claude-sonnet-4-5',
  max_tokens: 1024,
  temperature: 0.2,
  top_p: 0.9,
  top_k: 40,
  stop_sequences: ['\n\nHuman:', 'END'],
  messages: [
    {
      role: 'user',
      content: [
        {
          type: 'image',
          source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQSkZJRg==' },
          cache_control: { type: 'ephemeral' },
        },
        { type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } },
        {
          type: 'document',
          source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0xLjQ=' },
          title: 'report.pdf',
        },
        {
          type: 'document',
          source: { type: 'text', media_type: 'text/plain', data: 'Plain notes.' },
        },
        { type: 'document', source: { type: 'url', url: 'https://example.com/paper.pdf' } },
        { type: 'text', text: 'Describe all of these.' },
      ],
    },
  ],
};

const structured = {
  model: 'claude-sonnet-4-5',
  max_tokens: 512,
  messages: [
    { role: 'user', content: 'Extract the name.' },
    { role: 'assistant', content: '{"name":' },
  ],
  output_config: {
    format: {
      type: 'json_schema',
      schema: {
        type: 'object',
        properties: { name: { type: 'string' } },
        required: ['name'],
        additionalProperties: false,
      },
    },
  },
  tools: [weather, { type: 'web_search_20250305', name: 'web_search', max_uses: 3 }],
  tool_choice: { type: 'any', disable_parallel_tool_use: false },
  service_tier: 'auto',
};

describe('Anthropic request codec round trip', () => {
  it.each([
    [
      'a plain string message',
      { model: 'm', max_tokens: 100, messages: [{ role: 'user', content: 'Hello' }] },
    ],
    [
      'a Claude Code request (system blocks, cache_control, mid-conversation system, adaptive thinking, unknown fields)',
      claudeCode,
    ],
    [
      'a tool round trip with signed and redacted thinking, errors and images in tool results',
      toolRoundTrip,
    ],
    ['images, documents, sampling and stop sequences', media],
    ['structured output, server tools, any with parallel calls, a prefill', structured],
    [
      'thinking disabled and a named tool',
      {
        model: 'm',
        max_tokens: 64,
        thinking: { type: 'disabled' },
        tools: [weather],
        tool_choice: { type: 'tool', name: 'get_weather' },
        messages: [{ role: 'user', content: 'x' }],
      },
    ],
    [
      'tool_choice none',
      {
        model: 'm',
        max_tokens: 64,
        tools: [weather],
        tool_choice: { type: 'none' },
        messages: [{ role: 'user', content: 'x' }],
      },
    ],
  ])('%s', (_name, body) => {
    expect(roundTrip(body)).toEqual(body);
  });

  it('maps the canonical fields the way the other codecs read them', () => {
    const req = decodeMessagesRequest(toolRoundTrip);
    expect(req.messages[0]).toEqual({
      role: 'system',
      content: [{ type: 'text', text: 'You are a weather bot.' }],
    });
    expect(req.reasoning).toEqual({ budgetTokens: 2048 });
    expect(req.parallelToolCalls).toBe(false);
    expect(req.messages[2].content[3]).toEqual({
      type: 'tool_call',
      id: 'toolu_01A',
      name: 'get_weather',
      arguments: '{"city":"Paris"}',
    });
    const cc = decodeMessagesRequest(claudeCode);
    expect(cc.messages.map((m) => m.role)).toEqual([
      'system',
      'system',
      'system',
      'user',
      'system',
    ]);
    expect(cc.reasoning).toEqual({ adaptive: true, effort: 'high' });
    expect(cc.extra.anthropic).toEqual({ context_management: claudeCode.context_management });
    expect(decodeMessagesRequest(structured).responseFormat).toEqual({
      type: 'json_schema',
      name: 'response',
      schema: structured.output_config.format.schema,
    });
  });

  it('folds a mid-conversation system message into the top-level system for API 2023-06-01', () => {
    const body = encodeMessagesRequest(decodeMessagesRequest(claudeCode), { model: 'claude-x' });
    expect((body.system as any[]).at(-1)).toEqual({
      type: 'text',
      text: 'The user switched to plan mode.',
    });
    expect((body.messages as any[]).map((m) => m.role)).toEqual(['user']);
  });

  it('encodes for Vertex: no model, anthropic_version in the body', () => {
    const body = encodeMessagesRequest(
      decodeMessagesRequest({
        model: 'm',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'hi' }],
      }),
      { anthropicVersion: 'vertex-2023-10-16' },
    );
    expect(body).toEqual({
      anthropic_version: 'vertex-2023-10-16',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'hi' }],
    });
  });
});

describe('Anthropic request validation', () => {
  it.each([
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }] }, 'max_tokens'],
    [{ model: 'm', max_tokens: 'ten', messages: [{ role: 'user', content: 'x' }] }, 'max_tokens'],
    [{ model: 'm', max_tokens: 10, messages: 'hi' }, 'messages'],
    [{ model: 'm', max_tokens: 10, messages: [] }, 'messages'],
    [
      { model: 'm', max_tokens: 10, messages: [{ role: 'tool', content: 'x' }] },
      'messages[0].role',
    ],
    [
      { model: 'm', max_tokens: 10, messages: [{ role: 'user', content: [{ type: 'video' }] }] },
      'messages[0].content[0].type',
    ],
    [
      {
        model: 'm',
        max_tokens: 10,
        messages: [{ role: 'user', content: [{ type: 'text', text: 3 }] }],
      },
      'messages[0].content[0].text',
    ],
    [
      {
        model: 'm',
        max_tokens: 10,
        messages: [{ role: 'user', content: [{ type: 'tool_result' }] }],
      },
      'messages[0].content[0].tool_use_id',
    ],
    [
      {
        model: 'm',
        max_tokens: 10,
        tool_choice: { type: 'sometimes' },
        messages: [{ role: 'user', content: 'x' }],
      },
      'tool_choice.type',
    ],
    [
      {
        model: 'm',
        max_tokens: 10,
        thinking: { type: 'enabled' },
        messages: [{ role: 'user', content: 'x' }],
      },
      'thinking.budget_tokens',
    ],
    [
      {
        model: 'm',
        max_tokens: 10,
        tools: [{ description: 'no name' }],
        messages: [{ role: 'user', content: 'x' }],
      },
      'tools[0].name',
    ],
  ])('rejects %j naming %s', (body, param) => {
    let error: unknown;
    try {
      decodeMessagesRequest(body);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InvalidRequest);
    expect((error as InvalidRequest).param).toBe(param);
  });

  it('accepts a count_tokens body without max_tokens', () => {
    expect(
      decodeMessagesRequest(
        { model: 'm', messages: [{ role: 'user', content: 'x' }] },
        { requireMaxTokens: false },
      ).maxTokens,
    ).toBeUndefined();
  });
});

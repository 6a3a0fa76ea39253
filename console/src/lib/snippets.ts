import type { ChatRequest } from '../api/chat';

/** What the playground sent, and where: enough to write the same request in another client. */
export interface PlaygroundRequest extends ChatRequest {
  baseUrl: string;
}

export type SnippetKind = 'curl' | 'openai' | 'anthropic' | 'gemini';

const json = (value: unknown, indent = 2) => JSON.stringify(value, null, indent);
const indentBy = (text: string, spaces: number) => text.replaceAll('\n', `\n${' '.repeat(spaces)}`);

function chatBody(r: PlaygroundRequest): Record<string, unknown> {
  return {
    model: r.endpoint,
    messages: r.messages,
    ...(r.temperature !== undefined ? { temperature: r.temperature } : {}),
    ...(r.maxTokens !== undefined ? { max_tokens: r.maxTokens } : {}),
    ...(r.tools?.length ? { tools: r.tools } : {}),
    stream: true,
  };
}

function curl(r: PlaygroundRequest): string {
  const tags =
    r.tags && Object.keys(r.tags).length
      ? ` \\\n  -H 'Databricks-Ai-Gateway-Request-Tags: ${JSON.stringify(r.tags)}'`
      : '';
  return `curl -N ${r.baseUrl}/ai-gateway/mlflow/v1/chat/completions \\
  -H "Authorization: Bearer $GATEWAY_TOKEN" \\
  -H 'Content-Type: application/json'${tags} \\
  -d '${json(chatBody(r)).replaceAll("'", "'\\''")}'`;
}

function openai(r: PlaygroundRequest): string {
  const { model: _, stream: __, ...rest } = chatBody(r);
  const args = Object.entries(rest)
    .map(([k, v]) => `  ${k}: ${indentBy(json(v), 2)},`)
    .join('\n');
  return `import OpenAI from 'openai';

const client = new OpenAI({
  baseURL: '${r.baseUrl}/ai-gateway/mlflow/v1',
  apiKey: process.env.GATEWAY_TOKEN,
});
const stream = await client.chat.completions.create({
  model: '${r.endpoint}',
${args}
  stream: true,
});
for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta?.content ?? '');`;
}

function anthropic(r: PlaygroundRequest): string {
  const system = r.messages.find((m) => m.role === 'system')?.content;
  const messages = r.messages.filter((m) => m.role !== 'system');
  return `import Anthropic from '@anthropic-ai/sdk';

const client = new Anthropic({
  baseURL: '${r.baseUrl}/ai-gateway/anthropic',
  apiKey: 'unused',
  defaultHeaders: { Authorization: \`Bearer \${process.env.GATEWAY_TOKEN}\` },
});
const stream = client.messages.stream({
  model: '${r.endpoint}',
  max_tokens: ${r.maxTokens ?? 1024},${system ? `\n  system: ${json(system)},` : ''}${
    r.temperature !== undefined ? `\n  temperature: ${r.temperature},` : ''
  }
  messages: ${indentBy(json(messages), 2)},
});
stream.on('text', (text) => process.stdout.write(text));
await stream.finalMessage();`;
}

function gemini(r: PlaygroundRequest): string {
  const system = r.messages.find((m) => m.role === 'system')?.content;
  const contents = r.messages
    .filter((m) => m.role !== 'system')
    .map((m) => ({
      role: m.role === 'assistant' ? 'model' : 'user',
      parts: [{ text: m.content }],
    }));
  const config = {
    ...(system ? { systemInstruction: system } : {}),
    ...(r.temperature !== undefined ? { temperature: r.temperature } : {}),
    ...(r.maxTokens !== undefined ? { maxOutputTokens: r.maxTokens } : {}),
  };
  return `import { GoogleGenAI } from '@google/genai';

const ai = new GoogleGenAI({
  apiKey: process.env.GATEWAY_TOKEN,
  httpOptions: { baseUrl: '${r.baseUrl}/ai-gateway/gemini' },
});
const stream = await ai.models.generateContentStream({
  model: '${r.endpoint}',
  contents: ${indentBy(json(contents), 2)},
  config: ${indentBy(json(config), 2)},
});
for await (const chunk of stream) process.stdout.write(chunk.text ?? '');`;
}

/** The request as a runnable snippet for curl or one SDK, pointed at this gateway. */
export function snippet(kind: SnippetKind, request: PlaygroundRequest): string {
  return { curl, openai, anthropic, gemini }[kind](request);
}

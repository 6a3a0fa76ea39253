import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { expect } from 'vitest';
import type { RecordedCall } from '../fakes/router';
import { GW, sdkFetch } from '../helpers/gateway';

// One endpoint of the matrix as the cells see it, and the official clients pointed at the gateway
// the way users set them up (OpenAI: the gateway token as API key; Anthropic and Gemini: a dummy
// key and the gateway token as Bearer).

export interface MatrixTarget {
  /** The chat endpoint's name (absent for an embeddings-only provider kind). */
  chat?: string;
  /** A legacy-completions endpoint (task llm/v1/completions) on the same model. */
  completions?: string;
  /** Embeddings endpoints by label (e.g. "titan"), for providers with an embeddings task. */
  embeddings?: Record<string, string>;
  token: string;
  /** What the fake providers received, in order. */
  upstream: RecordedCall[];
  /** Every chat call must end up here (proves which provider API, translated or passed through, was used). */
  chatUrl?: RegExp;
  /** Every completions call must end up here (default: chatUrl, as completions are translated to chat). */
  completionsUrl?: RegExp;
  /** Every embeddings call must end up here. */
  embeddingsUrl?: RegExp;
}

export const openaiClient = (t: MatrixTarget, base = '/ai-gateway/mlflow/v1') =>
  new OpenAI({ apiKey: t.token, baseURL: `${GW}${base}`, fetch: sdkFetch, maxRetries: 0 });

export const anthropicClient = (t: MatrixTarget) =>
  new Anthropic({
    apiKey: 'dummy',
    baseURL: `${GW}/ai-gateway/anthropic`,
    fetch: sdkFetch,
    defaultHeaders: { Authorization: `Bearer ${t.token}` },
    maxRetries: 0,
  });

export const geminiClient = (t: MatrixTarget) =>
  new GoogleGenAI({
    apiKey: 'dummy',
    httpOptions: {
      baseUrl: `${GW}/ai-gateway/gemini`,
      headers: { Authorization: `Bearer ${t.token}` },
      fetch: sdkFetch,
    },
  });

/** The chat endpoint, which a chat cell needs. */
export function chatModel(t: MatrixTarget): string {
  if (!t.chat) throw new Error('this target has no chat endpoint');
  return t.chat;
}

/** Token endpoints (Vertex service-account and Entra) are not the provider's API. */
const isProviderCall = (c: RecordedCall) => !new URL(c.url).pathname.endsWith('/token');

/** The provider was really called, at the URL its kind uses (and nothing else was called since `since`). */
export function expectUpstream(t: MatrixTarget, since: number, url: RegExp | undefined) {
  const calls = t.upstream.slice(since).filter(isProviderCall);
  expect(calls.length).toBeGreaterThan(0);
  if (url) for (const c of calls) expect(c.url).toMatch(url);
}

/** Usage that adds up: both counts positive, the total their sum when given. */
export function expectUsage(
  input: number | undefined | null,
  output: number | undefined | null,
  total?: number | null,
) {
  expect(input).toBeGreaterThan(0);
  expect(output).toBeGreaterThan(0);
  if (total !== undefined && total !== null) expect(total).toBe(input! + output!);
}

/** The body of the last call to the provider's API (token endpoints left out). */
export function lastProviderBody(t: MatrixTarget): string {
  return [...t.upstream].reverse().find(isProviderCall)!.body;
}

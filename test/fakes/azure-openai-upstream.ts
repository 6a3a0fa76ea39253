import { fakeOpenAI, type FakeOpenAIOptions } from './openai-upstream';
import { jsonResponse, type FakeHandler } from './router';

// A fake Azure OpenAI resource: deployment URLs with a required api-version (and the v1
// /openai/v1/responses, the deployment as body model), auth by `api-key`
// or an Entra bearer token (never both), and Azure's stream quirks: a first chunk with empty
// `choices` carrying only prompt_filter_results, and an empty `model` on it.

export interface FakeAzureOptions {
  deployments: string[];
  apiKey?: string;
  /** Accepts bearer tokens this says are valid (the fake Entra's). */
  bearer?: (token: string | null) => boolean;
  reply?: FakeOpenAIOptions['reply'];
  /** Answer this status (with Azure's error shape) instead of a completion. */
  failWith?: (
    body: any,
  ) =>
    | { status: number; code: string; message: string; headers?: Record<string, string> }
    | undefined;
}

const VERSION = /^\d{4}-\d{2}-\d{2}(-preview)?$/;
const INNER_KEY = 'inner';

export function fakeAzureOpenAI(options: FakeAzureOptions): FakeHandler {
  const inner = fakeOpenAI({ apiKey: INNER_KEY, reply: options.reply });
  const azureError = (
    status: number,
    code: string,
    message: string,
    headers: Record<string, string> = {},
  ) => jsonResponse({ error: { code, message } }, status, headers);
  return async (request) => {
    const url = new URL(request.url);
    // The v1 path (Responses) takes no api-version and names the deployment in the body;
    // GET and DELETE of a stored response name no deployment.
    const v1 = /^\/openai\/v1\/responses(\/|$)/.test(url.pathname);
    const stored = v1 && (request.method === 'GET' || request.method === 'DELETE');
    const match =
      /^\/openai\/deployments\/([^/]+)\/(chat\/completions|completions|embeddings)$/.exec(
        url.pathname,
      );
    if (!match && !v1) return azureError(404, '404', 'Resource not found');
    const version = url.searchParams.get('api-version');
    if (!v1 && !version) return azureError(404, '404', 'Resource not found');
    if (version && !VERSION.test(version))
      return azureError(400, 'BadRequest', 'API version not supported');
    const key = request.headers.get('api-key');
    const auth = request.headers.get('authorization');
    if (key && auth)
      return azureError(400, 'BadRequest', 'Provide either api-key or Authorization, not both.');
    const authorized = key
      ? key === options.apiKey
      : !!options.bearer?.(auth?.replace(/^Bearer /, '') ?? null);
    if (!authorized)
      return azureError(
        401,
        '401',
        'Access denied due to invalid subscription key or wrong API endpoint.',
      );
    const innerAuth = { authorization: `Bearer ${INNER_KEY}` };
    if (stored)
      return inner(new Request(request.url, { method: request.method, headers: innerAuth }));
    const text = await request.text();
    const deployment = match ? decodeURIComponent(match[1]) : JSON.parse(text).model;
    if (!options.deployments.includes(deployment))
      return azureError(
        404,
        'DeploymentNotFound',
        'The API deployment for this resource does not exist.',
      );
    const failure = options.failWith?.(JSON.parse(text));
    if (failure) return azureError(failure.status, failure.code, failure.message, failure.headers);
    const response = await inner(
      new Request(request.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...innerAuth },
        body: text,
      }),
    );
    // The quirk chunk is a chat-completions one; Responses streams are OpenAI's events as they are.
    if (v1 || !response.headers.get('content-type')?.includes('text/event-stream')) return response;
    const quirk = `data: ${JSON.stringify({ choices: [], created: 0, id: '', model: '', object: '', prompt_filter_results: [{ prompt_index: 0, content_filter_results: { hate: { filtered: false, severity: 'safe' } } }] })}\n\n`;
    const body = response.body!.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(quirk));
        },
      }),
    );
    return new Response(body, { status: 200, headers: response.headers });
  };
}

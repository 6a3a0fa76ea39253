import { fakeAnthropic, type FakeAnthropicOptions } from './anthropic-upstream';
import { jsonResponse, type FakeHandler } from './router';

// A fake Vertex AI endpoint: a Bearer access token the fake OAuth endpoint minted, a project
// and a location that match the host (regional or global), and per publisher what Vertex
// checks. Claude (`publishers/anthropic`) takes the Messages body with anthropic_version
// "vertex-2023-10-16" in the body and no model, then follows the Anthropic rules (delegated to
// the fake Anthropic server); `:predict` serves text embeddings.

export interface FakeVertexOptions {
  project: string;
  validToken: (token: string | null) => boolean;
  claude?: FakeAnthropicOptions['reply'];
  /** Handles `publishers/google` generateContent calls (the Gemini fake), when given. */
  gemini?: (request: Request, model: string, method: string) => Promise<Response>;
}

const googleError = (code: number, status: string, message: string) =>
  jsonResponse({ error: { code, message, status } }, code);
const INNER = 'vertex-inner';

export function fakeVertex(options: FakeVertexOptions): FakeHandler {
  const anthropic = fakeAnthropic({ apiKey: INNER, reply: options.claude });
  return async (request) => {
    const url = new URL(request.url);
    const token = request.headers.get('authorization')?.replace(/^Bearer /, '') ?? null;
    if (!options.validToken(token))
      return googleError(
        401,
        'UNAUTHENTICATED',
        'Request had invalid authentication credentials. Expected OAuth 2 access token.',
      );
    const match =
      /^\/v1\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/([^/]+)\/models\/([^/:]+):(\w+)$/.exec(
        url.pathname,
      );
    if (!match)
      return googleError(
        404,
        'NOT_FOUND',
        `The requested URL ${url.pathname} was not found on this server.`,
      );
    const [, project, location, publisher, rawModel, method] = match;
    const expectedHost =
      location === 'global' ? 'aiplatform.googleapis.com' : `${location}-aiplatform.googleapis.com`;
    if (url.host !== expectedHost)
      return googleError(
        400,
        'INVALID_ARGUMENT',
        `Location ${location} is not served by ${url.host}.`,
      );
    if (project !== options.project)
      return googleError(
        403,
        'PERMISSION_DENIED',
        `Permission denied on resource project ${project}.`,
      );
    const model = decodeURIComponent(rawModel);
    if (publisher === 'anthropic') return claude(request, model, method, anthropic);
    if (publisher === 'google' && method === 'predict') return predict(await request.json());
    if (publisher === 'google' && options.gemini) return options.gemini(request, model, method);
    return googleError(404, 'NOT_FOUND', `Publisher model ${publisher}/${model} was not found.`);
  };
}

async function claude(
  request: Request,
  model: string,
  method: string,
  anthropic: FakeHandler,
): Promise<Response> {
  if (request.headers.get('anthropic-version'))
    return googleError(
      400,
      'INVALID_ARGUMENT',
      'anthropic-version must be given in the body on Vertex AI.',
    );
  const body: any = await request.json();
  if (body.anthropic_version !== 'vertex-2023-10-16')
    return jsonResponse(
      {
        type: 'error',
        error: {
          type: 'invalid_request_error',
          message: "anthropic_version: Input should be 'vertex-2023-10-16'",
        },
      },
      400,
    );
  const { anthropic_version: _version, ...rest } = body;
  let path = '/v1/messages';
  if (model === 'count-tokens' && method === 'rawPredict') {
    if (typeof rest.model !== 'string')
      return googleError(400, 'INVALID_ARGUMENT', 'count-tokens needs the model in the body');
    path = '/v1/messages/count_tokens';
  } else {
    if ('model' in rest)
      return jsonResponse(
        {
          type: 'error',
          error: {
            type: 'invalid_request_error',
            message: 'model: Extra inputs are not permitted',
          },
        },
        400,
      );
    if (method !== 'rawPredict' && method !== 'streamRawPredict')
      return googleError(
        400,
        'INVALID_ARGUMENT',
        `Claude models take rawPredict or streamRawPredict, not ${method}.`,
      );
    if ((method === 'streamRawPredict') !== (rest.stream === true))
      return googleError(
        400,
        'INVALID_ARGUMENT',
        'streamRawPredict is for stream: true bodies, rawPredict for the others.',
      );
    rest.model = model;
  }
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-api-key': INNER,
    'anthropic-version': '2023-06-01',
  };
  const beta = request.headers.get('anthropic-beta');
  if (beta) headers['anthropic-beta'] = beta;
  return anthropic(
    new Request(`https://anthropic.inner${path}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(rest),
    }),
  );
}

function predict(body: any): Response {
  if (!Array.isArray(body.instances) || !body.instances.length)
    return googleError(400, 'INVALID_ARGUMENT', 'instances must not be empty');
  for (const instance of body.instances)
    if (typeof instance.content !== 'string')
      return googleError(400, 'INVALID_ARGUMENT', 'instances[].content must be a string');
  const dims = body.parameters?.outputDimensionality;
  return jsonResponse({
    predictions: body.instances.map((i: any) => ({
      embeddings: {
        values: [i.content.length, i.task_type ? i.task_type.length : 0, 0.125].slice(0, dims ?? 3),
        statistics: { token_count: i.content.length, truncated: false },
      },
    })),
    metadata: {
      billableCharacterCount: body.instances.reduce((n: number, i: any) => n + i.content.length, 0),
    },
  });
}

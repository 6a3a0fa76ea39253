import type { EmbeddingRequest, EmbeddingResponse } from '../canonical';
import { base64Encode } from '../base64';
import { expectObject, InvalidRequest, optionalNumber, optionalString } from '../invalid-request';

// OpenAI embeddings request/response ↔ canonical. Providers always return floats to the gateway;
// `encoding_format: "base64"` (the openai SDK's default) is produced here.

/** A provider's answer (PROTOCOLS §1.3), read with every field optional. */
interface UpstreamEmbeddings {
  model?: string;
  /** Floats, or base64 little-endian float32 from a provider that was asked for base64. */
  data?: Array<{ index?: number; embedding: number[] | string }>;
  usage?: { prompt_tokens?: number };
}

export function decodeEmbeddingRequest(raw: unknown): EmbeddingRequest {
  const body = expectObject(raw, 'body');
  const input = body.input;
  let texts: string[];
  if (typeof input === 'string') texts = [input];
  else if (Array.isArray(input) && input.every((s) => typeof s === 'string')) texts = input;
  else if (
    Array.isArray(input) &&
    input.length &&
    input.every((s) => typeof s === 'number' || Array.isArray(s))
  ) {
    throw new InvalidRequest(
      'token-id input is only supported by OpenAI-format providers',
      'input',
    );
  } else throw new InvalidRequest('must be a string or an array of strings', 'input');
  if (texts.length === 0) throw new InvalidRequest('must not be empty', 'input');
  const format = body.encoding_format ?? 'float';
  if (format !== 'float' && format !== 'base64')
    throw new InvalidRequest("must be 'float' or 'base64'", 'encoding_format');
  const { model, input: _input, encoding_format, dimensions, user, input_type, ...rest } = body;
  return {
    model: optionalString(model, 'model') ?? '',
    input: texts,
    dimensions: optionalNumber(dimensions, 'dimensions'),
    encodingFormat: format,
    inputType: optionalString(input_type, 'input_type'),
    user: optionalString(user, 'user'),
    extra: Object.keys(rest).length ? { openai: rest } : {},
  };
}

export function encodeEmbeddingRequest(
  req: EmbeddingRequest,
  model: string,
): Record<string, unknown> {
  return {
    model,
    input: req.input,
    encoding_format: 'float',
    ...(req.dimensions !== undefined ? { dimensions: req.dimensions } : {}),
    ...(req.user ? { user: req.user } : {}),
    ...(req.extra.openai ?? {}),
  };
}

export function decodeEmbeddingResponse(raw: unknown): EmbeddingResponse {
  const body = raw as UpstreamEmbeddings | null | undefined;
  const data = Array.isArray(body?.data)
    ? [...body.data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0))
    : [];
  return {
    model: body?.model ?? '',
    embeddings: data.map((d) =>
      typeof d.embedding === 'string' ? floatsFromBase64(d.embedding) : d.embedding,
    ),
    usage: {
      inputTokens: body?.usage?.prompt_tokens ?? 0,
      outputTokens: 0,
      ...(body?.usage ? {} : { estimated: true }),
    },
  };
}

export function encodeEmbeddingResponse(
  res: EmbeddingResponse,
  model: string,
  format: 'float' | 'base64',
): Record<string, unknown> {
  return {
    object: 'list',
    data: res.embeddings.map((embedding, index) => ({
      object: 'embedding',
      index,
      embedding: format === 'base64' ? floatsToBase64(embedding) : embedding,
    })),
    model,
    usage: { prompt_tokens: res.usage.inputTokens, total_tokens: res.usage.inputTokens },
  };
}

/** Little-endian float32, base64 (what OpenAI sends for encoding_format: base64). */
export function floatsToBase64(values: number[]): string {
  const buffer = new ArrayBuffer(values.length * 4);
  const view = new DataView(buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return base64Encode(new Uint8Array(buffer));
}

export function floatsFromBase64(text: string): number[] {
  const binary = atob(text);
  const view = new DataView(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) view.setUint8(i, binary.charCodeAt(i));
  return Array.from({ length: binary.length / 4 }, (_, i) => view.getFloat32(i * 4, true));
}

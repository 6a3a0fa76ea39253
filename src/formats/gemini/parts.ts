import type {
  ContentPart,
  DocumentPart,
  ImagePart,
  ImageSource,
  ReasoningPart,
  TextPart,
  ToolCallPart,
  ToolResultPart,
} from '../canonical';
import { argumentsToObject } from '../json-args';
import { expectArray, expectObject, InvalidRequest, optionalString } from '../invalid-request';
import { isRecord } from '../is-record';
import { splitCallId, wireCallId } from './call-ids';
import { field } from './fields';
import type { Part } from './wire';

// Gemini parts ↔ canonical content parts, shared by requests (contents) and responses (candidates).

/** Anthropic redacted thinking has no Gemini form: it rides in a thought part's signature. */
export const REDACTED = 'redacted_thinking:';

/** How functionCall / functionResponse parts get their canonical ids (they differ per use); `id` is the part's own, if any. */
export interface CallIds {
  call(id: string | undefined, name: string, signature: string | undefined): string;
  result(id: string | undefined, name: string): string;
}

const givenId = (id: unknown) => (typeof id === 'string' && id ? id : undefined);

/** `skipUnknown`: provider output may hold parts canonical has no place for (executableCode, …). */
export function decodeParts(
  raw: unknown,
  param: string,
  ids: CallIds,
  skipUnknown = false,
): ContentPart[] {
  const out: ContentPart[] = [];
  expectArray(raw, param).forEach((value, i) => {
    const p = expectObject(value, `${param}[${i}]`);
    const signature = optionalString(
      field(p, 'thoughtSignature'),
      `${param}[${i}].thoughtSignature`,
    );
    const inline = field(p, 'inlineData');
    const file = field(p, 'fileData');
    const fc = field(p, 'functionCall');
    const fr = field(p, 'functionResponse');
    if (p.thought === true) {
      if (signature?.startsWith(REDACTED))
        out.push({ type: 'reasoning', text: '', redacted: signature.slice(REDACTED.length) });
      else
        pushReasoning(out, {
          type: 'reasoning',
          text: String(p.text ?? ''),
          ...(signature ? { signature } : {}),
        });
    } else if (typeof p.text === 'string') {
      // A signature on a plain text part (Gemini 3 puts it there) stays a part of its own.
      if (signature) out.push({ type: 'reasoning', text: '', signature });
      out.push({ type: 'text', text: p.text });
    } else if (inline) {
      const data = field(inline, 'data');
      if (typeof data !== 'string')
        throw new InvalidRequest('must be a base64 string', `${param}[${i}].inlineData.data`);
      out.push(
        media({
          kind: 'base64',
          mediaType: String(field(inline, 'mimeType') ?? 'application/octet-stream'),
          data,
        }),
      );
    } else if (file) {
      const uri = field(file, 'fileUri');
      if (typeof uri !== 'string')
        throw new InvalidRequest('must be a string', `${param}[${i}].fileData.fileUri`);
      const mediaType = field(file, 'mimeType');
      out.push(
        media({
          kind: 'url',
          url: uri,
          ...(typeof mediaType === 'string' && mediaType ? { mediaType } : {}),
        }),
      );
    } else if (fc) {
      const call = expectObject(fc, `${param}[${i}].functionCall`);
      if (typeof call.name !== 'string')
        throw new InvalidRequest('must be a string', `${param}[${i}].functionCall.name`);
      out.push({
        type: 'tool_call',
        id: ids.call(givenId(call.id), call.name, signature),
        name: call.name,
        arguments: JSON.stringify(call.args ?? {}),
        ...(signature ? { signature } : {}),
      });
    } else if (fr) {
      const response = expectObject(fr, `${param}[${i}].functionResponse`);
      if (typeof response.name !== 'string')
        throw new InvalidRequest('must be a string', `${param}[${i}].functionResponse.name`);
      out.push({
        type: 'tool_result',
        callId: ids.result(givenId(response.id), response.name),
        name: response.name,
        ...decodeFunctionResponse(response.response),
      });
    } else if (!skipUnknown) {
      throw new InvalidRequest(
        `unsupported part (keys: ${Object.keys(p).join(', ') || 'none'})`,
        `${param}[${i}]`,
      );
    }
  });
  return out;
}

/** Streamed thoughts arrive in pieces, the signature last: keep them one canonical block. */
function pushReasoning(out: ContentPart[], part: ReasoningPart) {
  const last = out.at(-1);
  if (last?.type === 'reasoning' && last.redacted === undefined && !last.signature) {
    last.text += part.text;
    if (part.signature) last.signature = part.signature;
    return;
  }
  out.push(part);
}

function media(source: ImageSource): ImagePart | DocumentPart {
  const mediaType =
    source.kind === 'base64' ? source.mediaType : (source.mediaType ?? guessMediaType(source.url));
  return mediaType?.startsWith('image/') ? { type: 'image', source } : { type: 'document', source };
}

/** functionResponse.response is an object; canonical tool results are text. */
function decodeFunctionResponse(response: unknown): Pick<ToolResultPart, 'content' | 'isError'> {
  const text = (value: unknown) => [
    {
      type: 'text' as const,
      text: typeof value === 'string' ? value : JSON.stringify(value ?? null),
    },
  ];
  if (!response || typeof response !== 'object' || Array.isArray(response))
    return { content: text(response) };
  const r = response as Record<string, unknown>;
  const keys = Object.keys(r);
  if (keys.length === 1 && keys[0] === 'result' && typeof r.result === 'string')
    return { content: text(r.result) };
  if (keys.length === 1 && keys[0] === 'error') return { content: text(r.error), isError: true };
  // The AI SDK sends {name, content}.
  if ('content' in r && keys.every((k) => k === 'name' || k === 'content'))
    return { content: text(r.content) };
  return { content: text(r) };
}

// ---- encode ----

export interface EncodePartsOptions {
  /** Function names by canonical call id, for results whose dialect did not name the function. */
  names: Map<string, string>;
  /** Requests to a Gemini provider drop what Gemini cannot take (redacted Anthropic thinking). */
  toProvider: boolean;
}

export function encodeParts(parts: ContentPart[], options: EncodePartsOptions): Part[] {
  const out: Part[] = [];
  let pendingSignature: string | undefined;
  const push = (part: Part) => {
    if (pendingSignature && !part.thoughtSignature && !part.thought)
      part.thoughtSignature = pendingSignature;
    pendingSignature = undefined;
    out.push(part);
  };
  for (const p of parts) {
    switch (p.type) {
      case 'text':
        push({ text: p.text });
        break;
      case 'reasoning':
        if (p.redacted !== undefined) {
          if (!options.toProvider)
            push({ thought: true, text: '', thoughtSignature: `${REDACTED}${p.redacted}` });
        } else if (!p.text && p.signature) pendingSignature = p.signature;
        else
          push({
            text: p.text,
            thought: true,
            ...(p.signature ? { thoughtSignature: p.signature } : {}),
          });
        break;
      case 'image':
      case 'document':
        push(encodeMedia(p));
        break;
      case 'tool_call':
        push(encodeFunctionCall(p));
        break;
      case 'tool_result': {
        const id = wireCallId(p.callId);
        const name = p.name ?? options.names.get(p.callId) ?? 'function';
        push({
          functionResponse: { name, response: encodeFunctionResponse(p), ...(id ? { id } : {}) },
        });
        // A tool's images follow its response as parts of the same turn.
        for (const c of p.content) if (c.type !== 'text') push(encodeMedia(c));
        break;
      }
    }
  }
  if (pendingSignature) out.push({ text: '', thoughtSignature: pendingSignature });
  return out;
}

/** The signature comes from the part, or from the id when a caller could only echo that. */
export function encodeFunctionCall(p: ToolCallPart): Part {
  const id = wireCallId(p.id);
  const signature = p.signature ?? splitCallId(p.id).signature;
  return {
    functionCall: { name: p.name, args: argumentsToObject(p.arguments), ...(id ? { id } : {}) },
    ...(signature ? { thoughtSignature: signature } : {}),
  };
}

function encodeFunctionResponse(p: ToolResultPart): Record<string, unknown> {
  const text = p.content
    .filter((c): c is TextPart => c.type === 'text')
    .map((c) => c.text)
    .join('');
  if (p.isError) return { error: text };
  // A result that is a JSON object is sent as that object; anything else is wrapped.
  if (text.trimStart().startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (isRecord(parsed)) return parsed;
    } catch {
      // not JSON after all: wrapped below
    }
  }
  return { result: text };
}

function encodeMedia(p: ImagePart | DocumentPart): Part {
  const s = p.source;
  if (s.kind === 'text') return { text: s.text };
  if (s.kind === 'base64') return { inlineData: { mimeType: s.mediaType, data: s.data } };
  const mimeType = s.mediaType ?? guessMediaType(s.url);
  return { fileData: { ...(mimeType ? { mimeType } : {}), fileUri: s.url } };
}

const EXTENSIONS: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  pdf: 'application/pdf',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  mp4: 'video/mp4',
  txt: 'text/plain',
};

function guessMediaType(url: string): string | undefined {
  const ext = /\.([a-z0-9]+)(?:[?#].*)?$/i.exec(url)?.[1]?.toLowerCase();
  return ext ? EXTENSIONS[ext] : undefined;
}

import type { ContentPart, DocumentPart, ImagePart, TextPart, ToolResultPart } from '../canonical';
import { argumentsToObject, objectToArguments } from '../json-args';
import { expectArray, expectObject, InvalidRequest } from '../invalid-request';
import { decodeCacheControl, encodeCacheControl } from './cache-control';
import type { Block, Source, Turn } from './wire';

// Anthropic content blocks ↔ canonical content parts.

/**
 * Block types with no canonical counterpart (server tools, search results, container uploads…):
 * they survive a passthrough to Anthropic untouched, but a translation has nowhere to put them.
 */
const UNTRANSLATABLE =
  /^(server_tool_use|.*_tool_result|search_result|container_upload|tool_reference|mcp_tool_use|compaction)$/;

/** `content` as a string or a list of blocks; `param` names the field for 400s. */
export function decodeContent(content: unknown, param: string): ContentPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (content === undefined || content === null) return [];
  return expectArray(content, param).flatMap((raw, i) => decodeBlock(raw, `${param}[${i}]`));
}

function decodeBlock(raw: unknown, param: string): ContentPart[] {
  const b = expectObject(raw, param);
  const cache = decodeCacheControl(b);
  switch (b.type) {
    case 'text':
      if (typeof b.text !== 'string') throw new InvalidRequest('must be a string', `${param}.text`);
      return [{ type: 'text', text: b.text, ...cache }];
    case 'image': {
      const source = decodeSource(b.source, `${param}.source`);
      return source && source.kind !== 'text' ? [{ type: 'image', source, ...cache }] : [];
    }
    case 'document': {
      const source = decodeSource(b.source, `${param}.source`);
      if (!source) return [];
      return [
        {
          type: 'document',
          source,
          ...(typeof b.title === 'string' ? { filename: b.title } : {}),
          ...cache,
        },
      ];
    }
    case 'tool_use':
      if (typeof b.id !== 'string') throw new InvalidRequest('must be a string', `${param}.id`);
      if (typeof b.name !== 'string') throw new InvalidRequest('must be a string', `${param}.name`);
      return [
        {
          type: 'tool_call',
          id: b.id,
          name: b.name,
          arguments: objectToArguments(b.input ?? {}),
          ...cache,
        },
      ];
    case 'tool_result': {
      if (typeof b.tool_use_id !== 'string')
        throw new InvalidRequest('must be a string', `${param}.tool_use_id`);
      const content = decodeContent(b.content, `${param}.content`).filter(
        (p): p is TextPart | ImagePart | DocumentPart =>
          p.type === 'text' || p.type === 'image' || p.type === 'document',
      );
      const part: ToolResultPart = {
        type: 'tool_result',
        callId: b.tool_use_id,
        content,
        ...cache,
      };
      if (typeof b.is_error === 'boolean') part.isError = b.is_error;
      return [part];
    }
    case 'thinking':
      return [
        {
          type: 'reasoning',
          text: String(b.thinking ?? ''),
          ...(typeof b.signature === 'string' ? { signature: b.signature } : {}),
          ...cache,
        },
      ];
    case 'redacted_thinking':
      return [{ type: 'reasoning', text: '', redacted: String(b.data ?? ''), ...cache }];
    default:
      if (typeof b.type === 'string' && UNTRANSLATABLE.test(b.type)) return [];
      throw new InvalidRequest(`unsupported content block type '${b.type}'`, `${param}.type`);
  }
}

function decodeSource(raw: unknown, param: string): DocumentPart['source'] | undefined {
  const s = expectObject(raw, param);
  switch (s.type) {
    case 'base64':
      if (typeof s.data !== 'string')
        throw new InvalidRequest('must be a base64 string', `${param}.data`);
      return {
        kind: 'base64',
        mediaType: String(s.media_type ?? 'application/octet-stream'),
        data: s.data,
      };
    case 'url':
      if (typeof s.url !== 'string') throw new InvalidRequest('must be a string', `${param}.url`);
      return { kind: 'url', url: s.url };
    case 'text':
      return {
        kind: 'text',
        text: String(s.data ?? ''),
        ...(typeof s.media_type === 'string' && s.media_type ? { mediaType: s.media_type } : {}),
      };
    case 'content': {
      // A document made of blocks: its text is what other formats can carry.
      const text = decodeContent(s.content, `${param}.content`)
        .map((p) => (p.type === 'text' ? p.text : ''))
        .join('\n');
      return { kind: 'text', text };
    }
    case 'file':
      return undefined; // Files API ids mean nothing to another provider.
    default:
      throw new InvalidRequest(`unsupported source type '${s.type}'`, `${param}.type`);
  }
}

// ---- encode ----

/** Canonical parts → Anthropic blocks; empty text blocks are dropped (Anthropic rejects them). */
export function encodeBlocks(parts: ContentPart[], toolId: (id: string) => string): Block[] {
  return parts.flatMap((p): Block[] => {
    switch (p.type) {
      case 'text':
        return p.text ? [{ type: 'text', text: p.text, ...encodeCacheControl(p) }] : [];
      case 'image':
        return [{ type: 'image', source: encodeSource(p.source), ...encodeCacheControl(p) }];
      case 'document':
        return [
          {
            type: 'document',
            source: encodeSource(p.source),
            ...(p.filename ? { title: p.filename } : {}),
            ...encodeCacheControl(p),
          },
        ];
      case 'tool_call':
        return [
          {
            type: 'tool_use',
            id: toolId(p.id),
            name: p.name,
            input: argumentsToObject(p.arguments),
            ...encodeCacheControl(p),
          },
        ];
      case 'tool_result': {
        const content = encodeToolResultContent(p.content, toolId);
        return [
          {
            type: 'tool_result',
            tool_use_id: toolId(p.callId),
            ...(content !== undefined ? { content } : {}),
            ...(p.isError !== undefined ? { is_error: p.isError } : {}),
            ...encodeCacheControl(p),
          },
        ];
      }
      case 'reasoning':
        if (p.redacted !== undefined)
          return [{ type: 'redacted_thinking', data: p.redacted, ...encodeCacheControl(p) }];
        // Thinking without a signature cannot be verified by Anthropic: it came from another
        // provider, so it is left out rather than rejected upstream.
        if (!p.signature) return [];
        return [
          { type: 'thinking', thinking: p.text, signature: p.signature, ...encodeCacheControl(p) },
        ];
    }
  });
}

function encodeToolResultContent(
  parts: ToolResultPart['content'],
  toolId: (id: string) => string,
): string | Block[] | undefined {
  if (parts.length === 0) return undefined;
  if (parts.length === 1 && parts[0].type === 'text' && !parts[0].cacheControl)
    return parts[0].text;
  const blocks = encodeBlocks(parts, toolId);
  return blocks.length ? blocks : undefined;
}

function encodeSource(source: DocumentPart['source']): Source {
  if (source.kind === 'base64')
    return { type: 'base64', media_type: source.mediaType, data: source.data };
  if (source.kind === 'url') return { type: 'url', url: source.url };
  return { type: 'text', media_type: source.mediaType ?? 'text/plain', data: source.text };
}

/** Whether Anthropic accepts a part: no empty text, no unsigned (foreign) thinking. */
export function encodable(part: ContentPart): boolean {
  if (part.type === 'text') return part.text !== '';
  if (part.type === 'reasoning') return part.redacted !== undefined || !!part.signature;
  return true;
}

/** A single uncached text part travels as a plain string, as most callers send it. */
export function encodeContent(
  parts: ContentPart[],
  toolId: (id: string) => string,
): Turn['content'] {
  if (parts.length === 1 && parts[0].type === 'text' && !parts[0].cacheControl && parts[0].text)
    return parts[0].text;
  return encodeBlocks(parts, toolId);
}

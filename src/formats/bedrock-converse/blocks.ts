import type {
  ContentPart,
  DocumentPart,
  ImagePart,
  ImageSource,
  ReasoningPart,
  TextPart,
  ToolCallPart,
} from '../canonical';
import { base64Encode } from '../base64';
import { argumentsToObject, objectToArguments } from '../json-args';
import { InvalidRequest } from '../invalid-request';
import type { Block, DocumentBlock, ImageBlock, ToolResultContent, UpstreamBlock } from './wire';

// One canonical content part ↔ Bedrock content blocks (single-key unions, PROTOCOLS §5.1).

const IMAGE_FORMATS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};
const DOCUMENT_FORMATS: Record<string, string> = {
  'application/pdf': 'pdf',
  'text/csv': 'csv',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'text/html': 'html',
  'text/plain': 'txt',
  'text/markdown': 'md',
};

/** Bedrock blocks for one part; empty for parts Bedrock would reject as blank. */
export function encodeBedrockBlock(p: ContentPart, param: string): Block[] {
  switch (p.type) {
    case 'text':
      // Bedrock rejects blank text blocks.
      return p.text.trim() ? [{ text: p.text }] : [];
    case 'image':
      return [{ image: encodeImage(p.source, param) }];
    case 'document':
      return [encodeDocument(p, param)];
    case 'tool_call':
      return [
        { toolUse: { toolUseId: p.id, name: p.name, input: argumentsToObject(p.arguments) } },
      ];
    case 'tool_result': {
      const content = p.content.flatMap((c, i) => resultBlock(c, `${param}.content[${i}]`));
      return [
        {
          toolResult: {
            toolUseId: p.callId,
            content: content.length ? content : [{ text: p.isError ? 'error' : '(no output)' }],
            status: p.isError ? 'error' : 'success',
          },
        },
      ];
    }
    case 'reasoning':
      if (p.redacted !== undefined) return [{ reasoningContent: { redactedContent: p.redacted } }];
      if (!p.text) return [];
      return [
        {
          reasoningContent: {
            reasoningText: { text: p.text, ...(p.signature ? { signature: p.signature } : {}) },
          },
        },
      ];
  }
}

function resultBlock(c: TextPart | ImagePart | DocumentPart, param: string): ToolResultContent[] {
  if (c.type === 'text') return c.text ? [{ text: c.text }] : [];
  if (c.type === 'image') return [{ image: encodeImage(c.source, param) }];
  return [encodeDocument(c, param)];
}

function encodeImage(source: ImageSource, param: string): ImageBlock['image'] {
  if (source.kind !== 'base64')
    throw new InvalidRequest(
      'Bedrock needs image bytes: send the image as a base64 data URI, not a URL',
      param,
    );
  const format = IMAGE_FORMATS[source.mediaType.toLowerCase()];
  if (!format)
    throw new InvalidRequest(
      `Bedrock accepts png, jpeg, gif or webp images, not ${source.mediaType}`,
      param,
    );
  return { format, source: { bytes: source.data } };
}

function encodeDocument(p: DocumentPart, param: string): DocumentBlock {
  // Bedrock document names allow letters, digits, spaces, hyphens, parentheses and brackets.
  const name =
    (p.filename ?? 'document').replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9 ()[\]-]/g, '-') ||
    'document';
  if (p.source.kind === 'text') {
    return {
      document: {
        format: 'txt',
        name,
        source: { bytes: base64Encode(new TextEncoder().encode(p.source.text)) },
      },
    };
  }
  if (p.source.kind !== 'base64')
    throw new InvalidRequest(
      'Bedrock needs document bytes: send the file as base64 data, not a URL',
      param,
    );
  const format = DOCUMENT_FORMATS[p.source.mediaType.toLowerCase()];
  if (!format)
    throw new InvalidRequest(
      `Bedrock does not accept documents of type ${p.source.mediaType}`,
      param,
    );
  return { document: { format, name, source: { bytes: p.source.data } } };
}

/** A Bedrock output block → canonical part (unknown blocks are skipped). */
export function decodeBedrockBlock(
  b: UpstreamBlock | null | undefined,
): Array<TextPart | ToolCallPart | ReasoningPart> {
  if (typeof b?.text === 'string') return [{ type: 'text', text: b.text }];
  if (b?.toolUse)
    return [
      {
        type: 'tool_call',
        id: String(b.toolUse.toolUseId),
        name: String(b.toolUse.name),
        arguments: objectToArguments(b.toolUse.input),
      },
    ];
  const reasoning = b?.reasoningContent;
  if (reasoning?.redactedContent !== undefined)
    return [{ type: 'reasoning', text: '', redacted: String(reasoning.redactedContent) }];
  if (reasoning?.reasoningText) {
    const { text, signature } = reasoning.reasoningText;
    return [{ type: 'reasoning', text: String(text ?? ''), ...(signature ? { signature } : {}) }];
  }
  return [];
}

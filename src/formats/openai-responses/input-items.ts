import type {
  ContentPart,
  DocumentPart,
  ImagePart,
  Message,
  ReasoningPart,
  TextPart,
} from '../canonical';
import { imageFromUrl, imageToUrl, imageUrlOf } from '../images';
import { isRecord } from '../is-record';
import { expectArray, expectObject, InvalidRequest, optionalString } from '../invalid-request';
import { callItemFields, flatName, type ToolOrigin } from './tools';

// Responses `input` (a string or a list of items) ↔ canonical messages.
// Items the model produced (reasoning, assistant message, function calls) that follow each other
// become one assistant message, so providers that need alternating turns see one turn.

type UserPart = TextPart | ImagePart | DocumentPart;

/** `unresolved` collects the params of item_reference items (the gateway resolves stored ones first). */
export function decodeInput(input: unknown, unresolved: string[] = []): Message[] {
  if (typeof input === 'string')
    return [{ role: 'user', content: [{ type: 'text', text: input }] }];
  const messages: Message[] = [];
  const last = () => messages[messages.length - 1];
  /** The assistant message the next model-made item joins, or a new one. */
  const assistant = (join: (m: Message) => boolean): Message => {
    const prev = last();
    if (prev?.role === 'assistant' && join(prev)) return prev;
    const m: Message = { role: 'assistant', content: [] };
    messages.push(m);
    return m;
  };
  const onlyReasoning = (m: Message) => m.content.every((p) => p.type === 'reasoning');

  expectArray(input, 'input').forEach((raw, i) => {
    const param = `input[${i}]`;
    const item = expectObject(raw, param);
    const type = item.type ?? (item.role ? 'message' : undefined);
    switch (type) {
      case 'message': {
        const role = item.role;
        if (role === 'assistant') {
          assistant(onlyReasoning).content.push(...decodeParts(item.content, `${param}.content`));
        } else if (role === 'user' || role === 'system' || role === 'developer') {
          messages.push({
            role: role === 'user' ? 'user' : 'system',
            content: decodeParts(item.content, `${param}.content`),
          });
        } else throw new InvalidRequest(`unknown role '${role}'`, `${param}.role`);
        break;
      }
      case 'function_call':
      case 'custom_tool_call': {
        if (typeof item.call_id !== 'string')
          throw new InvalidRequest('must be a string', `${param}.call_id`);
        if (typeof item.name !== 'string')
          throw new InvalidRequest('must be a string', `${param}.name`);
        const args =
          type === 'custom_tool_call'
            ? JSON.stringify({ input: String(item.input ?? '') })
            : typeof item.arguments === 'string'
              ? item.arguments
              : JSON.stringify(item.arguments ?? {});
        const namespace = optionalString(item.namespace, `${param}.namespace`);
        assistant(() => true).content.push({
          type: 'tool_call',
          id: item.call_id,
          name: flatName(item.name, namespace),
          arguments: args,
        });
        break;
      }
      case 'function_call_output':
      case 'custom_tool_call_output': {
        if (typeof item.call_id !== 'string')
          throw new InvalidRequest('must be a string', `${param}.call_id`);
        const output = item.output;
        const content =
          typeof output === 'string'
            ? [{ type: 'text' as const, text: output }]
            : (decodeParts(output, `${param}.output`) as UserPart[]);
        const name = callName(messages, item.call_id);
        messages.push({
          role: 'tool',
          content: [
            { type: 'tool_result', callId: item.call_id, ...(name ? { name } : {}), content },
          ],
        });
        break;
      }
      case 'reasoning':
        assistant(onlyReasoning).content.push(decodeReasoning(item));
        break;
      case 'item_reference':
        unresolved.push(`${param}.id`);
        break;
      default:
        throw new InvalidRequest(`unsupported input item type '${type}'`, `${param}.type`);
    }
  });
  return messages;
}

function decodeReasoning(item: Record<string, unknown>): ReasoningPart {
  const texts = (parts: unknown) =>
    Array.isArray(parts)
      ? parts
          .map((p: unknown) => (isRecord(p) && typeof p.text === 'string' ? p.text : ''))
          .filter(Boolean)
      : [];
  const full = texts(item.content);
  const part: ReasoningPart = {
    type: 'reasoning',
    text: (full.length ? full : texts(item.summary)).join('\n\n'),
  };
  if (typeof item.encrypted_content === 'string' && item.encrypted_content)
    part.encrypted = item.encrypted_content;
  return part;
}

function decodeParts(content: unknown, param: string): ContentPart[] {
  if (content === null || content === undefined) return [];
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return expectArray(content, param).map((raw, i): ContentPart => {
    const p = expectObject(raw, `${param}[${i}]`);
    switch (p.type) {
      case 'input_text':
      case 'output_text':
      case 'text':
      case 'summary_text':
        if (typeof p.text !== 'string')
          throw new InvalidRequest('must be a string', `${param}[${i}].text`);
        return { type: 'text', text: p.text };
      case 'refusal':
        return { type: 'text', text: String(p.refusal ?? '') };
      case 'input_image': {
        const url = imageUrlOf(p.image_url);
        if (url === undefined)
          throw new InvalidRequest(
            'only image_url (a URL or data URI) is supported, not file_id',
            `${param}[${i}].image_url`,
          );
        const image = imageFromUrl(url);
        return typeof p.detail === 'string' && p.detail && p.detail !== 'auto'
          ? { ...image, detail: p.detail }
          : image;
      }
      case 'input_file': {
        const filename =
          typeof p.filename === 'string' && p.filename ? { filename: p.filename } : {};
        if (typeof p.file_data === 'string') {
          const data = p.file_data.startsWith('data:')
            ? imageFromUrl(p.file_data).source
            : { kind: 'base64' as const, mediaType: 'application/pdf', data: p.file_data };
          return { type: 'document', source: data, ...filename };
        }
        if (typeof p.file_url === 'string')
          return { type: 'document', source: { kind: 'url', url: p.file_url }, ...filename };
        throw new InvalidRequest(
          'only file_data or file_url is supported, not file_id',
          `${param}[${i}]`,
        );
      }
      default:
        throw new InvalidRequest(
          `unsupported content part type '${p.type}'`,
          `${param}[${i}].type`,
        );
    }
  });
}

// ---- encode: canonical messages → input items ----

export function encodeInput(
  messages: Message[],
  origins: Record<string, ToolOrigin>,
): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  for (const m of messages) {
    if (m.role === 'system' || m.role === 'user') {
      items.push({
        type: 'message',
        role: m.role === 'system' ? 'developer' : 'user',
        content: encodeUserParts(m.content),
      });
    } else if (m.role === 'tool') {
      for (const r of m.content) {
        if (r.type !== 'tool_result') continue;
        const onlyText = r.content.every((p) => p.type === 'text');
        const output = onlyText
          ? r.content.map((p) => (p as TextPart).text).join('')
          : encodeUserParts(r.content);
        items.push({
          type: origins[callName(messages, r.callId) ?? '']?.custom
            ? 'custom_tool_call_output'
            : 'function_call_output',
          call_id: r.callId,
          output,
        });
      }
    } else items.push(...encodeAssistant(m.content, origins));
  }
  return items;
}

/** The name of the call a result answers (Gemini needs it on the result). */
function callName(messages: Message[], callId: string): string | undefined {
  for (const m of messages)
    for (const p of m.content) if (p.type === 'tool_call' && p.id === callId) return p.name;
  return undefined;
}

/** An assistant turn as items: reasoning items, one message per run of text, function calls. */
export function encodeAssistant(
  parts: ContentPart[],
  origins: Record<string, ToolOrigin>,
): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  let text: Record<string, unknown>[] | null = null;
  for (const p of parts) {
    if (p.type === 'text') {
      if (!text) {
        text = [];
        items.push({ type: 'message', role: 'assistant', content: text });
      }
      text.push({ type: 'output_text', text: p.text });
      continue;
    }
    text = null;
    if (p.type === 'reasoning') {
      items.push({
        type: 'reasoning',
        summary: p.text ? [{ type: 'summary_text', text: p.text }] : [],
        ...(p.encrypted ? { encrypted_content: p.encrypted } : {}),
      });
    } else if (p.type === 'tool_call') {
      items.push({ ...callItemFields(p.name, p.arguments, origins), call_id: p.id });
    }
  }
  return items;
}

function encodeUserParts(parts: ContentPart[]): string | Record<string, unknown>[] {
  if (parts.length === 1 && parts[0].type === 'text') return parts[0].text;
  return parts.flatMap((p): Record<string, unknown>[] => {
    if (p.type === 'text') return [{ type: 'input_text', text: p.text }];
    if (p.type === 'image')
      return [{ type: 'input_image', image_url: imageToUrl(p.source), detail: p.detail ?? 'auto' }];
    if (p.type === 'document') {
      if (p.source.kind === 'text') return [{ type: 'input_text', text: p.source.text }];
      const file =
        p.source.kind === 'url' ? { file_url: p.source.url } : { file_data: imageToUrl(p.source) };
      return [{ type: 'input_file', ...file, ...(p.filename ? { filename: p.filename } : {}) }];
    }
    return [];
  });
}

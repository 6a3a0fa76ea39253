import type { ContentPart, Message } from '../canonical';
import { encodable, encodeBlocks, encodeContent } from './content';
import type { Block, Turn } from './wire';

// Canonical messages → Anthropic `system` + `messages`: turns must alternate user/assistant and
// start with a user turn, tool results open the user turn that answers them, no empty blocks.

export interface EncodedTurns {
  system?: Turn['content'];
  messages: Turn[];
}

/** Anthropic tool ids must match ^[a-zA-Z0-9_-]+$; other formats' ids are mapped the same way both ends. */
export const anthropicToolId = (id: string) => id.replace(/[^a-zA-Z0-9_-]/g, '_') || 'toolu_0';

/** A turn before encoding: the canonical parts of consecutive messages of one role. */
interface PendingTurn {
  role: Turn['role'];
  parts: ContentPart[];
}

/**
 * @param inlineSystem keep system messages after the first turn where they are (API version
 *   2026-10-21 or the mid-conversation-system beta); otherwise they join the top-level system.
 */
export function encodeTurns(messages: Message[], inlineSystem: boolean): EncodedTurns {
  const system: ContentPart[] = [];
  const turns: PendingTurn[] = [];
  for (const m of messages) {
    if (m.role === 'system') {
      if (turns.length === 0 || !inlineSystem) system.push(...m.content);
      else turns.push({ role: 'system', parts: m.content.filter((p) => p.type === 'text') });
      continue;
    }
    const role = m.role === 'assistant' ? 'assistant' : 'user';
    const last = turns.at(-1);
    if (last && last.role === role) last.parts.push(...m.content);
    else turns.push({ role, parts: [...m.content] });
  }
  const encoded: Turn[] = [];
  for (const turn of turns) {
    const kept = turn.parts.filter(encodable);
    if (kept.length === 0) continue;
    const parts = turn.role === 'user' ? toolResultsFirst(kept) : kept;
    const previous = encoded.at(-1);
    // Dropping an empty turn can leave two turns of one role side by side: merge them.
    if (previous && previous.role === turn.role && turn.role !== 'system') {
      previous.content = [...asBlocks(previous.content), ...encodeBlocks(parts, anthropicToolId)];
      continue;
    }
    encoded.push({ role: turn.role, content: encodeContent(parts, anthropicToolId) });
  }
  const firstTurn = encoded.find((m) => m.role !== 'system');
  if (firstTurn?.role === 'assistant')
    encoded.splice(encoded.indexOf(firstTurn), 0, { role: 'user', content: '(continued)' });
  trimFinalPrefill(encoded);
  const out: EncodedTurns = { messages: encoded };
  const systemBlocks = encodeContent(
    system.filter((p) => p.type === 'text' && encodable(p)),
    anthropicToolId,
  );
  if (systemBlocks.length) out.system = systemBlocks;
  return out;
}

function toolResultsFirst(parts: ContentPart[]): ContentPart[] {
  return [
    ...parts.filter((p) => p.type === 'tool_result'),
    ...parts.filter((p) => p.type !== 'tool_result'),
  ];
}

function asBlocks(content: Turn['content']): Block[] {
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content;
}

/** Anthropic rejects a final assistant prefill that ends in whitespace. */
function trimFinalPrefill(messages: Turn[]): void {
  const last = messages.at(-1);
  if (last?.role !== 'assistant') return;
  if (typeof last.content === 'string') {
    last.content = last.content.trimEnd();
    if (!last.content) messages.pop();
    return;
  }
  const blocks = last.content;
  const tail = blocks.at(-1);
  if (tail?.type === 'text') {
    tail.text = tail.text.trimEnd();
    if (!tail.text) blocks.pop();
    if (blocks.length === 0) messages.pop();
  }
}

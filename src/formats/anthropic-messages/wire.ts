import type { CacheControl } from '../canonical';

// Anthropic Messages wire shapes (PROTOCOLS §3). What the gateway writes is exact; what an
// Anthropic provider sends (Upstream…) is read with every field optional, since the decoders
// check each one they use. Callers' request bodies are not typed here: they are validated field
// by field from `unknown` (request.ts, content.ts, tools.ts).

// ---- written ----

export type Source =
  | { type: 'base64'; media_type: string; data: string }
  | { type: 'url'; url: string }
  | { type: 'text'; media_type: string; data: string };

interface Cached {
  cache_control?: CacheControl;
}

export type Block = Cached &
  (
    | { type: 'text'; text: string }
    | { type: 'image'; source: Source }
    | { type: 'document'; source: Source; title?: string }
    | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> }
    | { type: 'tool_result'; tool_use_id: string; content?: string | Block[]; is_error?: boolean }
    | { type: 'thinking'; thinking: string; signature: string }
    | { type: 'redacted_thinking'; data: string }
  );

export type Thinking =
  | { type: 'enabled'; budget_tokens: number }
  | { type: 'adaptive' }
  | { type: 'disabled' };

/** One entry of `messages`; role system only with an inline-system API version (turns.ts). */
export interface Turn {
  role: 'user' | 'assistant' | 'system';
  content: string | Block[];
}

// ---- read from a provider ----

export interface UpstreamUsage {
  input_tokens?: number;
  output_tokens?: number;
  cache_read_input_tokens?: number;
  cache_creation_input_tokens?: number;
  output_tokens_details?: { thinking_tokens?: number };
}

/** A response content block, or the block of a content_block_start. */
export interface UpstreamBlock {
  type?: string;
  text?: string;
  thinking?: string;
  signature?: string;
  data?: string;
  id?: string;
  name?: string;
  /** Tool input: whatever JSON the model wrote. */
  input?: unknown;
}

export interface UpstreamMessage {
  id?: string;
  model?: string;
  content?: UpstreamBlock[];
  stop_reason?: string | null;
  stop_sequence?: string | null;
  usage?: UpstreamUsage;
}

/** A content_block_delta's delta. */
export interface UpstreamDelta {
  type?: string;
  text?: string;
  thinking?: string;
  signature?: string;
  partial_json?: string;
}

export interface UpstreamError {
  type?: string;
  message?: string;
}

/** One SSE event's data; which fields it has depends on `type`. */
export interface UpstreamStreamEvent {
  type?: string;
  message?: UpstreamMessage;
  index?: number;
  content_block?: UpstreamBlock;
  delta?: UpstreamDelta & { stop_reason?: string | null; stop_sequence?: string | null };
  usage?: UpstreamUsage;
  error?: UpstreamError;
}

/** An error body: `{type: "error", error: {type, message}}`. */
export interface UpstreamErrorBody extends UpstreamError {
  error?: UpstreamError;
}

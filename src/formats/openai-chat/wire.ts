// What an OpenAI-format provider sends on Chat Completions (PROTOCOLS §1.1), read with every
// field optional since the decoders check each one they use. OpenAI-compatible servers add
// fields of their own; the ones read here are LiteLLM's reasoning fields. Callers' request
// bodies are validated field by field from `unknown` (request.ts).

export interface UpstreamUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number; cache_write_tokens?: number };
  /** Anthropic's name, from servers that pass Anthropic usage through. */
  cache_creation_input_tokens?: number;
  completion_tokens_details?: { reasoning_tokens?: number };
}

/** LiteLLM's thinking block: Anthropic reasoning with its signature. */
export interface UpstreamThinkingBlock {
  type?: string;
  thinking?: string;
  signature?: string;
  data?: string;
}

export interface UpstreamToolCall {
  /** Stream deltas carry it; whole messages list calls in order. */
  index?: number;
  /** Always sent on a whole message's calls and on the first delta of a streamed one. */
  id: string;
  function?: { name?: string; arguments?: string };
}

/** A response's message, or a chunk's delta. */
export interface UpstreamMessage {
  content?: string | Array<{ text?: string } | null> | null;
  reasoning_content?: string;
  reasoning?: string;
  thinking_blocks?: Array<UpstreamThinkingBlock | null>;
  tool_calls?: UpstreamToolCall[];
}

export interface UpstreamError {
  message?: string;
  type?: string;
  code?: string | number | null;
  param?: string | null;
}

/** `{error: {…}}`, `{error: "…"}`, or (some compatible servers) the error object bare. */
export interface UpstreamErrorBody extends UpstreamError {
  error?: string | UpstreamError;
}

export interface UpstreamCompletion {
  id?: string;
  model?: string;
  created?: number;
  choices?: Array<{ message?: UpstreamMessage; finish_reason?: string | null }>;
  usage?: UpstreamUsage | null;
}

export interface UpstreamChunk {
  id?: string;
  model?: string;
  created?: number;
  choices?: Array<{ delta?: UpstreamMessage; finish_reason?: string | null }>;
  usage?: UpstreamUsage | null;
  /** A mid-stream failure. */
  error?: UpstreamError;
}

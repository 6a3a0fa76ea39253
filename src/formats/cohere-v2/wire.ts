// What Cohere v2 sends (PROTOCOLS §6), read with every field optional since the decoders check
// each one they use. Cohere is only ever a provider: what the gateway writes to it is built in
// request.ts and embed.ts.

export interface TokenCounts {
  input_tokens?: number;
  output_tokens?: number;
}

export interface UpstreamUsage {
  /** What the model saw, prompt template included. */
  tokens?: TokenCounts;
  /** What is charged. */
  billed_units?: TokenCounts;
  cached_tokens?: number;
}

export interface UpstreamToolCall {
  id?: string;
  function?: { name?: string; arguments?: string };
}

export interface UpstreamChatResponse {
  id?: string;
  finish_reason?: string;
  message?: {
    content?: Array<{ type?: string; text?: string; thinking?: string } | null>;
    tool_plan?: string;
    tool_calls?: UpstreamToolCall[];
  };
  usage?: UpstreamUsage;
}

/** One SSE event's data; which fields it has depends on `type`. */
export interface UpstreamStreamEvent {
  type?: string;
  id?: string;
  index?: number;
  delta?: {
    message?: {
      content?: { text?: string; thinking?: string };
      tool_plan?: string;
      /** One call per event, not a list. */
      tool_calls?: UpstreamToolCall;
    };
    /** message-end only. */
    finish_reason?: string;
    error?: string;
    usage?: UpstreamUsage;
  };
  /** An error object sent in place of an event. */
  message?: string;
}

export interface UpstreamEmbedResponse {
  /** embeddings_by_type answers {float: [[…]]}; the older embeddings_floats answers [[…]]. */
  embeddings?: number[][] | { float?: number[][] };
  meta?: { billed_units?: { input_tokens?: number } };
}

export interface UpstreamError {
  message?: string;
  error?: { message?: string };
}

// What a Responses provider sends (PROTOCOLS §2), read with every field optional since the
// decoders check each one they use. What the gateway writes is built in output.ts; callers'
// request bodies are validated field by field from `unknown` (request.ts, input-items.ts, tools.ts).

export interface UpstreamUsage {
  input_tokens?: number;
  input_tokens_details?: { cached_tokens?: number };
  output_tokens?: number;
  output_tokens_details?: { reasoning_tokens?: number };
}

export interface UpstreamItem {
  type?: string;
  /** message: output_text and refusal parts; reasoning: reasoning_text parts. */
  content?: Array<{ type?: string; text?: string; refusal?: string } | null>;
  /** reasoning */
  summary?: Array<{ text?: string } | null>;
  encrypted_content?: string;
  /** function_call; always sent with one. */
  call_id: string;
  name: string;
  namespace?: string;
  arguments?: string;
}

export interface UpstreamResponse {
  id?: string;
  model?: string;
  created_at?: number;
  status?: string;
  incomplete_details?: { reason?: string } | null;
  output?: Array<UpstreamItem | null>;
  usage?: UpstreamUsage | null;
  error?: { code?: string; message?: string } | null;
}

/** One SSE event's data; which fields it has depends on `type`. */
export interface UpstreamStreamEvent {
  type?: string;
  response?: UpstreamResponse;
  item?: UpstreamItem;
  output_index?: number;
  delta?: string;
  /** A bare `error` event. */
  code?: string | null;
  message?: string;
  param?: string | null;
}

// The canonical shapes every wire format decodes into and encodes from.
// N formats need N codecs, not N×N translators: keep these lossless for what users rely on.

export interface CacheControl {
  type: 'ephemeral';
  ttl?: string;
}

export type ImageSource =
  | { kind: 'base64'; mediaType: string; data: string }
  | { kind: 'url'; url: string /** Known for Gemini fileData. */; mediaType?: string };

export interface TextPart {
  type: 'text';
  text: string;
  cacheControl?: CacheControl;
}

export interface ImagePart {
  type: 'image';
  source: ImageSource;
  /** OpenAI `detail` (auto | low | high). */
  detail?: string;
  cacheControl?: CacheControl;
}

export interface DocumentPart {
  type: 'document';
  source: ImageSource | { kind: 'text'; text: string; mediaType?: string };
  filename?: string;
  cacheControl?: CacheControl;
}

export interface ToolCallPart {
  type: 'tool_call';
  id: string;
  name: string;
  /** Always a JSON string (OpenAI's convention); object dialects parse it. */
  arguments: string;
  /** Gemini `thoughtSignature` carried on a functionCall part. */
  signature?: string;
  cacheControl?: CacheControl;
}

export interface ToolResultPart {
  type: 'tool_result';
  callId: string;
  /** The called function's name when the caller's dialect said it (Gemini needs it). */
  name?: string;
  content: Array<TextPart | ImagePart | DocumentPart>;
  isError?: boolean;
  cacheControl?: CacheControl;
}

export interface ReasoningPart {
  type: 'reasoning';
  text: string;
  /** Anthropic thinking signature, Bedrock reasoningText signature, Gemini thoughtSignature. */
  signature?: string;
  /** Anthropic redacted_thinking `data` / Bedrock redactedContent: opaque, echoed unchanged. */
  redacted?: string;
  /** OpenAI Responses `encrypted_content`: opaque, only the provider that made it can read it. */
  encrypted?: string;
  cacheControl?: CacheControl;
}

export type ContentPart =
  | TextPart
  | ImagePart
  | DocumentPart
  | ToolCallPart
  | ToolResultPart
  | ReasoningPart;

export type Role = 'system' | 'user' | 'assistant' | 'tool';

export interface Message {
  role: Role;
  content: ContentPart[];
}

export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments object. */
  parameters?: Record<string, unknown>;
  strict?: boolean;
  cacheControl?: CacheControl;
}

export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | {
      type: 'json_schema';
      name: string;
      schema: Record<string, unknown>;
      strict?: boolean;
      description?: string;
    };

export interface ReasoningConfig {
  /** OpenAI-style effort: none | minimal | low | medium | high | xhigh | max. */
  effort?: string;
  /** Explicit thinking budget in tokens (Anthropic budget_tokens, Gemini thinkingBudget). */
  budgetTokens?: number;
  /** Anthropic `thinking: {type: "adaptive"}`. */
  adaptive?: boolean;
  /** Thinking explicitly disabled. */
  disabled?: boolean;
  /** Gemini includeThoughts / Responses summary: the caller wants reasoning text back. */
  includeThoughts?: boolean;
  /** Responses `reasoning.summary`. */
  summary?: string;
}

export interface ChatRequest {
  /** The model name the caller sent (usually the endpoint name); providers use the entity's model. */
  model: string;
  /** System and developer messages stay in `messages` in their original order, role 'system'. */
  messages: Message[];
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  responseFormat?: ResponseFormat;
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stop?: string[];
  n?: number;
  seed?: number;
  reasoning?: ReasoningConfig;
  stream: boolean;
  /** OpenAI `stream_options.include_usage`. */
  includeUsage?: boolean;
  user?: string;
  metadata?: Record<string, unknown>;
  /**
   * Provider-specific fields the core does not model (logit_bias, presence_penalty, anthropic
   * context_management, …), keyed by the dialect they came from so a provider of the same
   * family can pass them straight through.
   */
  extra: ExtraFields;
}

export interface ExtraFields {
  openai?: Record<string, unknown>;
  anthropic?: Record<string, unknown>;
  gemini?: Record<string, unknown>;
  /** HTTP headers a provider of the same family should forward (anthropic-beta, …). */
  headers?: Record<string, string>;
}

/**
 * Why generation ended. `other` is a provider value no table knows: the provider's own value
 * travels beside it (`rawFinishReason`, a finish event's `rawReason`) so nothing is lost.
 */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'other';

export interface Usage {
  /** All prompt tokens, cached ones included (OpenAI's convention). */
  inputTokens: number;
  /** All completion tokens, reasoning included. */
  outputTokens: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  reasoningTokens?: number;
  /** Counted by the gateway, not reported by the provider. */
  estimated?: boolean;
}

export interface ChatResponse {
  id: string;
  model: string;
  created: number;
  /** Assistant output in order: reasoning, text, tool calls. */
  content: Array<TextPart | ToolCallPart | ReasoningPart>;
  finishReason: FinishReason;
  /** The provider's own value, when it sent one: callers of its dialect get it back unchanged. */
  rawFinishReason?: string;
  /** The stop sequence that ended generation, when the provider says which. */
  stopSequence?: string;
  usage: Usage;
}

/**
 * A streamed response as canonical events. Text, reasoning and tool-call events follow each
 * other in output order; encoders open and close blocks as the kind changes.
 */
export type StreamEvent =
  | { type: 'start'; id: string; model: string; created: number; usage?: Partial<Usage> }
  | { type: 'text'; text: string }
  | { type: 'reasoning'; text?: string; signature?: string; redacted?: string; encrypted?: string }
  | { type: 'tool_call_start'; index: number; id: string; name: string; signature?: string }
  | { type: 'tool_call_delta'; index: number; arguments: string }
  | {
      type: 'finish';
      reason: FinishReason /** As in ChatResponse.rawFinishReason. */;
      rawReason?: string;
      stopSequence?: string;
    }
  | { type: 'usage'; usage: Usage }
  | { type: 'error'; error: GatewayErrorInfo };

/** An error in dialect-neutral form; each dialect shapes it its own way. */
export interface GatewayErrorInfo {
  status: number;
  message: string;
  /** Which field of the request was wrong, when known. */
  param?: string;
  /** A provider or gateway code, e.g. rate_limit_exceeded. */
  code?: string;
}

export interface CompletionRequest {
  model: string;
  prompt: string[];
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stop?: string[];
  n?: number;
  seed?: number;
  stream: boolean;
  includeUsage?: boolean;
  extra: ExtraFields;
}

export interface EmbeddingRequest {
  model: string;
  input: string[];
  dimensions?: number;
  /** What the caller wants back; providers always return floats to the gateway. */
  encodingFormat: 'float' | 'base64';
  /** Cohere/Titan style input type, when the caller or config says it. */
  inputType?: string;
  user?: string;
  extra: ExtraFields;
}

export interface EmbeddingResponse {
  model: string;
  embeddings: number[][];
  usage: Usage;
}

// Bedrock Converse wire shapes (PROTOCOLS §5). Blocks are single-key unions. What the gateway
// writes is exact; what Bedrock sends (Upstream…) is read with every field optional, since the
// decoders check each one they use.

// ---- written ----

export interface CachePoint {
  cachePoint: { type: 'default' };
}

export interface ImageBlock {
  image: { format: string; source: { bytes: string } };
}

export interface DocumentBlock {
  document: { format: string; name: string; source: { bytes: string } };
}

export type ToolResultContent = { text: string } | ImageBlock | DocumentBlock;

export type Block =
  | { text: string }
  | ImageBlock
  | DocumentBlock
  | { toolUse: { toolUseId: string; name: string; input: Record<string, unknown> } }
  | { toolResult: { toolUseId: string; content: ToolResultContent[]; status: 'success' | 'error' } }
  | {
      reasoningContent:
        | { redactedContent: string }
        | { reasoningText: { text: string; signature?: string } };
    }
  | CachePoint;

export interface ToolSpec {
  toolSpec: { name: string; description?: string; inputSchema: { json: Record<string, unknown> } };
}

export type ToolChoice =
  | { auto: Record<string, never> }
  | { any: Record<string, never> }
  | { tool: { name: string } };

export interface ToolConfig {
  tools: Array<ToolSpec | CachePoint>;
  toolChoice?: ToolChoice;
}

export interface Turn {
  role: 'user' | 'assistant';
  content: Block[];
}

// ---- read from Bedrock ----

export interface UpstreamUsage {
  inputTokens?: number;
  outputTokens?: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
}

export interface UpstreamToolUse {
  toolUseId?: string;
  name?: string;
  /** The call's arguments: whatever JSON the model wrote. */
  input?: unknown;
}

export interface UpstreamBlock {
  text?: string;
  toolUse?: UpstreamToolUse;
  reasoningContent?: {
    reasoningText?: { text?: string; signature?: string };
    redactedContent?: string;
  };
}

export interface UpstreamResponse {
  output?: { message?: { content?: UpstreamBlock[] } };
  stopReason?: string;
  usage?: UpstreamUsage;
}

/** An error body, or an exception message's payload (some services spell it Message). */
export interface UpstreamError {
  message?: string;
  Message?: string;
}

/** A ConverseStream message's JSON payload; which fields it has depends on its :event-type. */
export interface UpstreamStreamPayload extends UpstreamError {
  contentBlockIndex?: number;
  start?: { toolUse?: UpstreamToolUse };
  delta?: {
    text?: string;
    /** Arguments stream as JSON text. */
    toolUse?: { input?: string };
    reasoningContent?: { text?: string; signature?: string; redactedContent?: string };
  };
  stopReason?: string;
  usage?: UpstreamUsage;
}

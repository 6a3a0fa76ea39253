import type { Env } from '../env';
import type { ChatRequest, ChatResponse, CompletionRequest, EmbeddingRequest, EmbeddingResponse } from '../formats/canonical';
import type { StreamDecoder } from '../formats/stream-codec';
import type { ServedEntity } from '../gateway/endpoints';

/** The wire formats providers speak; a caller in the same format may be passed through untranslated. */
export type WireFormat = 'openai' | 'anthropic' | 'gemini' | 'bedrock' | 'cohere';

/** Operations a provider can be asked to forward in its own format. */
export type NativeOperation =
  | 'chat' | 'completions' | 'embeddings' | 'responses' | 'messages' | 'count_tokens'
  /** Gemini generateContent, and streamGenerateContent (forwarded with alt=sse). */
  | 'generate_content' | 'stream_generate_content';

export interface ProviderCall {
  env: Env;
  entity: ServedEntity;
  /** Aborts the upstream call when the client goes away. */
  signal?: AbortSignal;
}

export type ChatResult =
  | { kind: 'response'; response: ChatResponse }
  /** The provider's raw stream and the synchronous decoder that turns it into canonical events. */
  | { kind: 'stream'; body: ReadableStream<Uint8Array>; decoder: StreamDecoder };

/** Where to send, how to authenticate, which format: one per provider. */
export interface Provider {
  /** The wire format this entity speaks for chat. */
  wireFormat(entity: ServedEntity): WireFormat;
  chat(call: ProviderCall, req: ChatRequest): Promise<ChatResult>;
  completions?(call: ProviderCall, req: CompletionRequest): Promise<ChatResult>;
  embeddings?(call: ProviderCall, req: EmbeddingRequest): Promise<EmbeddingResponse>;
  /**
   * Sends a body already in the provider's own format (passthrough) and returns the upstream
   * response when it is a success; upstream errors are thrown as GatewayError.
   */
  forward?(call: ProviderCall, op: NativeOperation, body: Record<string, unknown>, headers?: Record<string, string>): Promise<Response>;
  /** Whether `forward` supports this operation for this entity. */
  forwards?(entity: ServedEntity, op: NativeOperation): boolean;
  /**
   * Reads or deletes a response the provider stored (GET / DELETE `responses/{path}`, e.g.
   * `resp_1/input_items`), with the query as given; upstream errors are thrown as GatewayError.
   */
  storedResponse?(call: ProviderCall, method: 'GET' | 'DELETE', path: string, query: string): Promise<Response>;
}

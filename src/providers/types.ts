import type { ServedEntity } from '../config/served-entity';
import type { Env } from '../env';
import type {
  ChatRequest,
  ChatResponse,
  CompletionRequest,
  EmbeddingRequest,
  EmbeddingResponse,
} from '../formats/canonical';
import type { StreamDecoder } from '../formats/stream-codec';

/** The wire formats providers speak; a caller in the same format may be passed through untranslated. */
export type WireFormat = 'openai' | 'anthropic' | 'gemini' | 'bedrock' | 'cohere';

/** Operations a provider can be asked to forward in its own format. */
export type NativeOperation =
  | 'chat'
  | 'completions'
  | 'embeddings'
  | 'responses'
  | 'messages'
  | 'count_tokens'
  /** Gemini generateContent, and streamGenerateContent (forwarded with alt=sse). */
  | 'generate_content'
  | 'stream_generate_content';

/** One call to a served entity (of any provider by default). */
export interface ProviderCall<E = ServedEntity> {
  env: Env;
  entity: E;
  /** Aborts the upstream call when the client goes away. */
  signal?: AbortSignal;
  /**
   * Keeps work that other requests share (an OAuth token mint) running until it settles, even if
   * this request ends first. Without it such work ends with the request that started it.
   */
  waitUntil?(work: Promise<unknown>): void;
}

export type ChatResult =
  | { kind: 'response'; response: ChatResponse }
  /** The provider's raw stream and the synchronous decoder that turns it into canonical events. */
  | { kind: 'stream'; body: ReadableStream<Uint8Array>; decoder: StreamDecoder };

/** Where to send, how to authenticate, which format: one per provider, for that provider's entities E. */
export interface Provider<E = ServedEntity> {
  /** The wire format this entity speaks for chat. */
  wireFormat(entity: E): WireFormat;
  chat(call: ProviderCall<E>, req: ChatRequest): Promise<ChatResult>;
  completions?(call: ProviderCall<E>, req: CompletionRequest): Promise<ChatResult>;
  embeddings?(call: ProviderCall<E>, req: EmbeddingRequest): Promise<EmbeddingResponse>;
  /**
   * Sends a body already in the provider's own format (passthrough) and returns the upstream
   * response when it is a success; upstream errors are thrown as GatewayError.
   */
  forward?(
    call: ProviderCall<E>,
    op: NativeOperation,
    body: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<Response>;
  /** Whether `forward` supports this operation for this entity. */
  forwards?(entity: E, op: NativeOperation): boolean;
  /**
   * Reads or deletes a response the provider stored (GET / DELETE `responses/{path}`, e.g.
   * `resp_1/input_items`), with the query as given; upstream errors are thrown as GatewayError.
   */
  storedResponse?(
    call: ProviderCall<E>,
    method: 'GET' | 'DELETE',
    path: string,
    query: string,
  ): Promise<Response>;
}

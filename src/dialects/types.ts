import type { Task } from '../config/tasks';
import type {
  ChatRequest,
  ChatResponse,
  EmbeddingRequest,
  EmbeddingResponse,
  GatewayErrorInfo,
  Usage,
} from '../formats/canonical';
import type { SseMessage, StreamDecoder, StreamEncoder } from '../formats/stream-codec';
import type { ApiType } from '../gateway/usage';
import type { NativeOperation, WireFormat } from '../providers/types';
import type { JsonObject } from '../formats/json';

// What a caller dialect is. A front door is what every route under one base URL shares before any
// body is read (the error shape, where the caller puts the token); each route then has its codec
// dialect (chat, embeddings, token counts): decode the caller's body, answer in its format.

/** What every route under one base URL speaks, whatever its body. */
export interface FrontDoor {
  /** An error's body in this dialect (CONTRACT §3, §4). */
  errorBody(info: GatewayErrorInfo): Record<string, unknown>;
  /** The gateway token from this dialect's own key header or parameter; consulted only without an Authorization header. */
  keyToken?(req: Request): string | undefined;
}

/** What a route knows of a call besides its body. */
export interface CallInfo {
  /** The serving endpoint, named in the body or in the URL. */
  endpointName: string;
  /** The caller's request headers. */
  headers: Headers;
}

/** A chat route's dialect, picked once per route: decodes each request into a ChatCall. */
export interface ChatDialect {
  apiType: ApiType;
  /** The provider format that takes this dialect's body unchanged, and the operation that does. */
  wireFormat: WireFormat;
  nativeOperation: NativeOperation;
  /** The endpoint task this dialect serves (default llm/v1/chat). */
  task?: Task;
  /** The content type of a streamed answer (default SSE). */
  streamContentType?: string;
  /** The caller's body in canonical form, or a 400 naming the field; with what answers it. */
  decode(body: unknown, call: CallInfo): ChatCall;
}

/** One decoded chat request and everything that answers it in the caller's dialect. */
export interface ChatCall {
  request: ChatRequest;
  /** How to forward the body untranslated to a provider of the same format; absent when it must be translated. */
  passthrough?: PassthroughCodec;
  /** Reads a passed-through answer on the side (e.g. to record the response the provider stored). */
  watchPassthrough?(servedEntityName: string): PassthroughWatch;
  /** The served entity holding the provider-side state this request continues: tried first. */
  preferredEntity?: string;
  /**
   * Called only when the request is translated, not passed through: throws (a 400 naming the field)
   * when it uses something only a provider of this very format can do; else the headers the answer carries.
   */
  translate?(): Record<string, string> | undefined;
  encodeResponse(res: ChatResponse, model: string): unknown;
  /** The answer as the inference log shows it, when `encodeResponse` does more than encode (default: encodeResponse). */
  encodeForLog?(res: ChatResponse, model: string): unknown;
  /** A fresh synchronous encoder for one streamed response (see src/formats/stream-codec.ts). */
  streamEncoder(model: string): StreamEncoder;
}

/** Sees a passed-through answer: the JSON body, or each SSE message and then the stream's end. */
export interface PassthroughWatch {
  json(json: JsonObject): void;
  message(message: SseMessage): void;
  /** The stream ended, broke off, or the caller went away. */
  end(): void;
}

/** What the pipeline needs to forward a body untranslated and still record usage. */
export interface PassthroughCodec {
  /** The body to send upstream; may ask the provider for stream usage the caller did not request. */
  prepare(body: JsonObject): { body: JsonObject; stream: boolean; hideUsageFrames: boolean };
  usageFromJson(json: JsonObject): Usage | undefined;
  /** Usage carried by one SSE message, if any (merged into what came before). Parse only messages that can carry it. */
  usageFromMessage(message: SseMessage): Partial<Usage> | undefined;
  /**
   * Text that every message `usageFromMessage` or `isFinalMessage` cares about contains: frames
   * without any of it are forwarded unparsed (unless an inference log or a watch reads them all).
   */
  sideNeedles: readonly string[];
  /** Frames that only exist because `prepare` asked for usage (raw frame text). */
  isUsageOnlyFrame?(frame: string): boolean;
  /** This dialect's in-stream error frame, for a provider that breaks off mid-stream. */
  errorFrame(error: GatewayErrorInfo): string;
  /**
   * The stream's last message (OpenAI's `[DONE]`): the usage row is written as it goes by, since
   * clients cancel the body right after reading it (openai-node 7 does) and the row was lost.
   */
  isFinalMessage?(message: SseMessage): boolean;
  /** Reads this dialect's own stream back into canonical events, for the inference log (without one it keeps the frames' data). */
  streamDecoder?(): StreamDecoder;
}

/** An embeddings route's dialect (OpenAI, Gemini). */
export interface EmbeddingsDialect {
  apiType: ApiType;
  decode(body: unknown, call: CallInfo): EmbeddingRequest;
  encode(res: EmbeddingResponse, model: string, req: EmbeddingRequest): Record<string, unknown>;
}

/** A token-counting route's dialect (Anthropic count_tokens, Gemini countTokens). */
export interface CountTokensDialect {
  apiType: ApiType;
  decode(body: Record<string, unknown>, call: CallInfo): ChatRequest;
  /** A provider speaking this format can count the body itself with this operation. */
  native?: { wireFormat: WireFormat; op: NativeOperation; read(json: JsonObject): unknown };
  encode(count: number): Record<string, unknown>;
}

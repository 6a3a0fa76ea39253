import type { ChatRequest, ChatResponse, GatewayErrorInfo, Usage } from '../formats/canonical';
import type { SseMessage, StreamDecoder, StreamEncoder } from '../formats/stream-codec';
import type { Task } from '../config/tasks';
import type { NativeOperation, WireFormat } from '../providers/types';
import type { ApiType } from './usage';

/**
 * A front door's wire format, as the pipeline sees it: decode the caller's request, encode the
 * canonical answer back, and (when the provider speaks the same format) pass bodies through.
 */
export interface ChatDialect {
  apiType: ApiType;
  wireFormat: WireFormat;
  /** The provider operation that takes this dialect's body unchanged. */
  nativeOperation: NativeOperation;
  /** The endpoint task this dialect serves (default llm/v1/chat). */
  task?: Task;
  decode(body: unknown): ChatRequest;
  /**
   * Throws (a 400 naming the field) when the request uses something only a provider of this very
   * format can do; called only when the request is translated, not passed through.
   */
  checkTranslatable?(req: ChatRequest, body: unknown): void;
  encodeResponse(res: ChatResponse, req: ChatRequest, model: string): unknown;
  /** A fresh synchronous encoder for one streamed response (see src/formats/stream-codec.ts). */
  streamEncoder(req: ChatRequest, model: string): StreamEncoder;
  /** Reads this dialect's own stream back into canonical events (inference logs of passthrough streams). */
  streamDecoder?(): StreamDecoder;
  /** The answer as the inference log shows it, when `encodeResponse` does more than encode (default: encodeResponse). */
  encodeForLog?(res: ChatResponse, req: ChatRequest, model: string): unknown;
  passthrough?: PassthroughCodec;
  /** Reads a passed-through answer on the side (e.g. to record the response the provider stored). */
  watchPassthrough?(servedEntityName: string): PassthroughWatch;
  /** The served entity holding the provider-side state this request continues: tried first. */
  preferredEntity?: string;
}

/** Sees a passed-through answer: the JSON body, or each SSE message and then the stream's end. */
export interface PassthroughWatch {
  json(json: any): void;
  message(message: SseMessage): void;
  /** The stream ended, broke off, or the caller went away. */
  end(): void;
}

/** What the pipeline needs to forward a body untranslated and still record usage. */
export interface PassthroughCodec {
  /** The body to send upstream; may ask the provider for stream usage the caller did not request. */
  prepare(body: Record<string, any>): { body: Record<string, any>; stream: boolean; hideUsageFrames: boolean };
  usageFromJson(json: any): Usage | undefined;
  /** Usage carried by one SSE message, if any (merged into what came before). Parse only messages that can carry it. */
  usageFromMessage(message: SseMessage): Partial<Usage> | undefined;
  /** Frames that only exist because `prepare` asked for usage (raw frame text). */
  isUsageOnlyFrame?(frame: string): boolean;
  /** This dialect's in-stream error frame, for a provider that breaks off mid-stream. */
  errorFrame(error: GatewayErrorInfo): string;
  /**
   * The stream's last message (OpenAI's `[DONE]`): the usage row is written as it goes by, since
   * clients cancel the body right after reading it (openai-node 7 does) and the row was lost.
   */
  isFinalMessage?(message: SseMessage): boolean;
}

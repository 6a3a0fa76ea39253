import type { ChatRequest, ChatResponse, StreamEvent, Usage } from '../formats/canonical';
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
  decode(body: unknown): ChatRequest;
  encodeResponse(res: ChatResponse, req: ChatRequest, model: string): unknown;
  encodeStream(req: ChatRequest, model: string): TransformStream<StreamEvent, string>;
  passthrough?: PassthroughCodec;
}

/** What the pipeline needs to forward a body untranslated and still record usage. */
export interface PassthroughCodec {
  /** The body to send upstream; may ask the provider for stream usage the caller did not request. */
  prepare(body: Record<string, any>): { body: Record<string, any>; stream: boolean; hideUsageFrames: boolean };
  usageFromJson(json: any): Usage | undefined;
  /** Usage carried by one SSE frame, if any (merged into what came before). */
  usageFromFrame(data: any, event: string | undefined): Partial<Usage> | undefined;
  /** Frames that only exist because `prepare` asked for usage. */
  isUsageOnlyFrame?(data: any): boolean;
}

import type { ChatResponse, StreamEvent } from '../formats/canonical';
import { sseFrame } from '../formats/sse';
import { streamAssembler, type StreamAssembler } from '../formats/stream-assembler';
import type { SseMessage, StreamDecoder } from '../formats/stream-codec';
import type { InferenceRecord } from '../storage/inference';
import type { UsageRow } from '../storage/usage';
import type { UsageRecorder } from './usage';
import type { LiveEndpoint } from './endpoints';
import type { StreamTap } from './stream-pipeline';

// Inference tables (ai_gateway.inference_table_config.enabled): one record per request with the
// request body and the answer — streams reassembled into the final message as they pass, never
// buffered in front of the caller. It leaves with the usage row, after the response, through the
// usage queue to R2 (src/events/).

/** Characters kept of each body (1 MiB); longer ones are cut there and the record says `truncated`. */
export const INFERENCE_BODY_LIMIT = 1024 * 1024;

const encoder = new TextEncoder();

export class InferenceLog {
  private answer: (() => string) | null = null;

  constructor(
    recorder: UsageRecorder,
    private readonly endpointName: string,
    private readonly requestBody: unknown,
  ) {
    recorder.logsInference((row) => this.record(row));
  }

  /** A whole answer (JSON value or text). */
  response(body: unknown): void {
    this.answer = () => (typeof body === 'string' ? body : JSON.stringify(body));
  }

  /** A tap that assembles canonical stream events; `encode` renders the final message in the caller's dialect. */
  streamTap(encode: (res: ChatResponse) => unknown, model: string): StreamTap {
    const assembler = this.assemble(encode, model);
    return { observe: (event: StreamEvent) => assembler.push(event) };
  }

  /**
   * For passthrough streams: `decoder` reads the dialect's own frames back into canonical events.
   * Without one, the frames' data is kept as sent.
   */
  streamMessages(
    decoder: StreamDecoder | undefined,
    encode: (res: ChatResponse) => unknown,
    model: string,
  ): (message: SseMessage) => void {
    if (!decoder) {
      let raw = '';
      this.answer = () => raw;
      return (message) => {
        if (raw.length <= INFERENCE_BODY_LIMIT) raw += `${message.data}\n`;
      };
    }
    const assembler = this.assemble(encode, model);
    return (message) => {
      for (const event of decoder.push(encoder.encode(sseFrame(message.data, message.event))))
        assembler.push(event);
    };
  }

  private assemble(encode: (res: ChatResponse) => unknown, model: string): StreamAssembler {
    const assembler = streamAssembler();
    this.answer = () => JSON.stringify(encode(assembler.response(model)));
    return assembler;
  }

  private record(row: Readonly<UsageRow>): InferenceRecord {
    // A refused body was never read: no request body, not the text "null".
    const request = clip(
      this.requestBody === null
        ? null
        : typeof this.requestBody === 'string'
          ? this.requestBody
          : (JSON.stringify(this.requestBody) ?? null),
    );
    const answer =
      this.answer && row.status_code < 400
        ? this.answer()
        : row.error_message === null
          ? null
          : JSON.stringify({ error: row.error_message });
    const response = clip(answer);
    return {
      request_id: row.request_id,
      event_time: row.event_time,
      endpoint_name: row.endpoint_name ?? this.endpointName,
      served_entity_name: row.served_entity_name,
      requester: row.requester,
      status_code: row.status_code,
      request_body: request.text,
      response_body: response.text,
      truncated: request.truncated || response.truncated,
      request_tags: row.request_tags,
      latency_ms: row.latency_ms,
      time_to_first_byte_ms: row.time_to_first_byte_ms,
    };
  }
}

function clip(text: string | null): { text: string | null; truncated: boolean } {
  if (text === null || text.length <= INFERENCE_BODY_LIMIT) return { text, truncated: false };
  return { text: text.slice(0, INFERENCE_BODY_LIMIT), truncated: true };
}

/**
 * The request's inference log, when its endpoint keeps one: started as soon as the endpoint is
 * known, so refusals (permission, rate limit, a body too large) are logged like answers.
 */
export function startInferenceLog(
  recorder: UsageRecorder,
  live: LiveEndpoint,
  requestBody: unknown,
): InferenceLog | undefined {
  return live.record.ai_gateway.inference_table_config?.enabled
    ? new InferenceLog(recorder, live.record.name, requestBody)
    : undefined;
}

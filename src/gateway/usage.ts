import type { Usage } from '../formats/canonical';
import type { Env, Principal } from '../env';
import { enqueueEvents } from '../events/outbox';
import type { InferenceRecord } from '../storage/inference';
import type { UsageRow } from '../storage/usage';
import type { ServedEntity } from '../config/served-entity';
import type { LiveEndpoint } from './endpoints';
import { writeUsageDataPoint } from './usage-analytics';

// One usage row per data-plane request, handed to the usage queue after the response.

export type ApiType =
  | 'chat/completions'
  | 'completions'
  | 'embeddings'
  | 'responses'
  | 'anthropic/messages'
  | 'anthropic/count_tokens'
  | 'gemini/generateContent'
  | 'gemini/embedContent'
  | 'gemini/countTokens';

/** Requests that ask no model: they spend no call budget. */
export const COUNTING_APIS: ReadonlySet<ApiType> = new Set([
  'anthropic/count_tokens',
  'gemini/countTokens',
]);

/** The one owner of a request's usage row: everyone else fills it through these methods. */
export class UsageRecorder {
  private readonly row: UsageRow;
  private readonly started = Date.now();
  private firstByte: number | null = null;
  private done = false;
  /** `usage_tracking_config.enabled: false` on the endpoint: charge rate limits, keep no row. */
  private tracked = true;
  private readonly finishers: Array<(row: Readonly<UsageRow>) => Promise<void>> = [];
  private inferenceRecord: ((row: Readonly<UsageRow>) => InferenceRecord) | null = null;

  constructor(
    private readonly env: Env,
    private readonly ctx: ExecutionContext,
    requestId: string,
    apiType: ApiType,
    principal: Principal | undefined,
    userAgent: string | null,
  ) {
    this.row = {
      request_id: requestId,
      event_time: this.started,
      endpoint_name: null,
      endpoint_id: null,
      served_entity_name: null,
      provider: null,
      destination_model: null,
      requester: principal?.name ?? null,
      requester_type: principal ? (principal.isAdmin ? 'admin' : principal.type) : null,
      api_type: apiType,
      status_code: 0,
      input_tokens: 0,
      output_tokens: 0,
      total_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: 0,
      reasoning_tokens: 0,
      tokens_estimated: false,
      streaming: false,
      latency_ms: null,
      time_to_first_byte_ms: null,
      fallback_attempts: 0,
      request_tags: {},
      user_agent: userAgent,
      error_message: null,
      guardrail_results: null,
    };
  }

  /** The endpoint the caller named, before it is known to exist. */
  named(endpointName: string): void {
    this.row.endpoint_name = endpointName || null;
  }

  tagged(tags: Record<string, string>): void {
    this.row.request_tags = tags;
  }

  endpoint(live: LiveEndpoint): void {
    this.row.endpoint_name = live.record.name;
    this.row.endpoint_id = live.record.id;
    this.tracked = live.record.ai_gateway.usage_tracking_config?.enabled !== false;
  }

  /** The served entity being tried, after `fallbackAttempts` others failed. */
  entity(entity: ServedEntity, fallbackAttempts: number): void {
    this.row.served_entity_name = entity.name;
    this.row.provider = entity.provider;
    this.row.destination_model = entity.model;
    this.row.fallback_attempts = fallbackAttempts;
  }

  streaming(streaming: boolean): void {
    this.row.streaming = streaming;
  }

  /** What the guardrails found; they keep filling it in until the row is written. */
  guardrails(results: Record<string, unknown>): void {
    this.row.guardrail_results = results;
  }

  /** Work that needs the finished row (token charges), run before the row is written. */
  onFinish(task: (row: Readonly<UsageRow>) => Promise<void>): void {
    this.finishers.push(task);
  }

  /** The endpoint keeps an inference table: `build` makes this request's record from the finished row. */
  logsInference(build: (row: Readonly<UsageRow>) => InferenceRecord): void {
    this.inferenceRecord = build;
  }

  markFirstByte(): void {
    this.firstByte ??= Date.now();
  }

  usage(u: Usage): void {
    this.row.input_tokens = u.inputTokens;
    this.row.output_tokens = u.outputTokens;
    this.row.total_tokens = u.inputTokens + u.outputTokens;
    this.row.cache_read_input_tokens = u.cacheReadTokens ?? 0;
    this.row.cache_creation_input_tokens = u.cacheWriteTokens ?? 0;
    this.row.reasoning_tokens = u.reasoningTokens ?? 0;
    this.row.tokens_estimated = u.estimated === true;
  }

  /** Keeps the request open until `work` settles: a stream's relay, which finishes the row. */
  waitUntil(work: Promise<unknown>): void {
    this.ctx.waitUntil(work);
  }

  /** Writes the row once; later calls are ignored (a stream may end and be cancelled). */
  finish(status: number, errorMessage?: string): void {
    if (this.done) return;
    this.done = true;
    const now = Date.now();
    this.row.status_code = status;
    this.row.latency_ms = now - this.started;
    this.row.time_to_first_byte_ms = this.firstByte === null ? null : this.firstByte - this.started;
    if (errorMessage) this.row.error_message = errorMessage.slice(0, 1000);
    // After the caller's code in this turn: a stream's last chunk is already on its way out, and a
    // JSON answer waits only for this synchronous bit of work (serializing the row, the data point,
    // the outbox), which costs less than the timer that used to push it to a later turn.
    this.ctx.waitUntil(Promise.resolve().then(() => this.afterFinish()));
  }

  private async afterFinish(): Promise<void> {
    // The row leaves last, so a reader that sees it also sees the tokens charged.
    await Promise.allSettled(this.finishers.map((task) => task(this.row)));
    if (this.tracked) writeUsageDataPoint(this.env.USAGE_EVENTS, this.row);
    enqueueEvents(this.env, this.ctx, {
      usage: this.tracked ? this.row : undefined,
      inference: this.buildInferenceRecord(),
    });
  }

  private buildInferenceRecord(): InferenceRecord | undefined {
    if (!this.inferenceRecord) return undefined;
    try {
      return this.inferenceRecord(this.row);
    } catch (err) {
      console.error('inference record not built', this.row.request_id, String(err));
      return undefined;
    }
  }
}

/** About one token per four characters, for providers that report none. */
export const estimateTokensOfChars = (chars: number) => Math.ceil(chars / 4);
export const estimateTokens = (text: string) => estimateTokensOfChars(text.length);

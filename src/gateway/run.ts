import type { Context } from 'hono';
import type { ServedEntity } from '../config/served-entity';
import type { AppEnv, Principal } from '../env';
import type { ProviderCall } from '../providers/types';
import { requirePermission } from './access';
import { getEndpoint, type LiveEndpoint } from './endpoints';
import { startInferenceLog, type InferenceLog } from './inference-log';
import { badRequest, GatewayError, toErrorInfo } from './errors';
import { enforceRateLimits } from './rate-limits';
import { parseRequestTags, REQUEST_TAGS_HEADER } from './request-tags';
import { entityOrder, shouldFallBack } from './traffic';
import { COUNTING_APIS, UsageRecorder, type ApiType } from './usage';

/** Everything one data-plane request carries through the pipeline. */
export interface EndpointRun {
  live: LiveEndpoint;
  principal: Principal;
  recorder: UsageRecorder;
  /** The inference table's record of this request, when the endpoint keeps one. */
  inference: InferenceLog | undefined;
  requestId: string;
  /** Response headers every answer carries. */
  headers(): Record<string, string>;
  /**
   * Tries the chosen served entity (`preferred` when named and present, else by traffic split),
   * then (with fallback enabled) the others, on retryable failures.
   */
  withFallback<T>(
    attempt: (entity: ServedEntity, call: ProviderCall) => Promise<T>,
    preferred?: string,
  ): Promise<T>;
}

/**
 * The steps every query route shares: usage row, request tags, endpoint lookup, permission,
 * then the route's own work. Errors are recorded on the usage row and re-thrown for the
 * route's dialect to shape.
 */
export async function runAgainstEndpoint(
  c: Context<AppEnv>,
  apiType: ApiType,
  endpointName: string,
  work: (run: EndpointRun) => Promise<Response>,
  /** The request body, for the endpoint's inference table; none for requests that ask no model. */
  loggedBody?: unknown,
): Promise<Response> {
  const principal = c.get('principal');
  const requestId = c.get('requestId');
  const recorder = usageRecorder(c, apiType, endpointName);
  const extraHeaders: Record<string, string> = { 'x-request-id': requestId };
  try {
    recorder.tagged(parseRequestTags(c.req.header(REQUEST_TAGS_HEADER)));
    if (!endpointName)
      throw badRequest('model is required: name the serving endpoint to query.', 'model');
    const live = await getEndpoint(c.env.DB, endpointName);
    recorder.endpoint(live);
    const inference =
      loggedBody === undefined ? undefined : startInferenceLog(recorder, live, loggedBody);
    requirePermission(
      principal,
      live.record.creator,
      live.permissions,
      'CAN_QUERY',
      `serving endpoint '${endpointName}'`,
    );
    if (!COUNTING_APIS.has(apiType)) await enforceRateLimits(c.env, live, principal, recorder);
    const run: EndpointRun = {
      live,
      principal,
      recorder,
      inference,
      requestId,
      headers: () => extraHeaders,
      async withFallback(attempt, preferred) {
        const order = entityOrder(live.entities, undefined, preferred);
        const fallback = live.record.ai_gateway.fallback_config?.enabled === true;
        let lastError: unknown;
        for (let i = 0; i < (fallback ? order.length : 1); i++) {
          const entity = order[i];
          recorder.entity(entity, i);
          try {
            return await attempt(entity, {
              env: c.env,
              entity,
              signal: c.req.raw.signal,
              waitUntil: (work) => c.executionCtx.waitUntil(work),
            });
          } catch (err) {
            lastError = err;
            if (!(err instanceof GatewayError) || !shouldFallBack(err.status, err.upstreamStatus))
              break;
          }
        }
        throw lastError;
      },
    };
    return await work(run);
  } catch (err) {
    const info = toErrorInfo(err);
    recorder.finish(info.status, info.message);
    throw err;
  }
}

/** A query request's usage row, started with what the request says about itself. */
function usageRecorder(c: Context<AppEnv>, apiType: ApiType, endpointName: string): UsageRecorder {
  const recorder = new UsageRecorder(
    c.env,
    c.executionCtx as ExecutionContext,
    c.get('requestId'),
    apiType,
    c.get('principal'),
    c.req.header('user-agent') ?? null,
  );
  recorder.named(endpointName);
  return recorder;
}

/**
 * The usage row of a query request refused before its pipeline could start (a body too large or
 * not JSON): every request leaves one (CONTRACT §6). `endpointName` is empty when only the body
 * would have named it.
 */
export async function recordRefusal(
  c: Context<AppEnv>,
  apiType: ApiType,
  endpointName: string,
  err: unknown,
): Promise<void> {
  const recorder = usageRecorder(c, apiType, endpointName);
  // The endpoint's own settings decide whether its requests leave rows at all.
  const live = endpointName ? await getEndpoint(c.env.DB, endpointName).catch(() => null) : null;
  if (live) {
    recorder.endpoint(live);
    // The body was refused unread (or unreadable): the record keeps only the refusal.
    startInferenceLog(recorder, live, null);
  }
  try {
    recorder.tagged(parseRequestTags(c.req.header(REQUEST_TAGS_HEADER)));
  } catch {
    // Bad tags as well: the caller hears about the body, and the row keeps no tags rather than wrong ones.
  }
  const info = toErrorInfo(err);
  recorder.finish(info.status, info.message);
}

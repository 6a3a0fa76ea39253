import type { AiGatewayConfig } from '../config/ai-gateway';
import type { Env, Principal } from '../env';
import type { LiveEndpoint } from './endpoints';
import { GatewayError } from './errors';
import type { Admission, WindowLimits } from './rate-limiter-object';
import type { UsageRecorder } from './usage';

// ai_gateway.rate_limits on the hot path: one Durable Object round trip per applicable limit,
// all in parallel, no D1 read. Tokens are charged once the usage row knows them.

type RateLimit = NonNullable<AiGatewayConfig['rate_limits']>[number];

/** renewal_period "minute" is the only one the contract knows. */
export const WINDOW_MS = 60_000;
/** A limiter that has not answered by then counts as unreachable. */
const LIMITER_TIMEOUT_MS = 5_000;

/** One window to check: the Durable Object's name and what it allows. */
export interface WindowCheck extends WindowLimits {
  name: string;
  /** For the refusal message, e.g. "user alice". */
  describes: string;
}

/**
 * The windows a request by `principal` must pass. Without `principal`, a user or
 * service_principal limit gives each caller its own window, a user_group limit each of the
 * caller's groups, an endpoint limit one window for everyone. A limit naming a principal
 * replaces the general limit of the same key for that principal.
 */
export function windowsFor(
  endpointId: string,
  limits: RateLimit[],
  principal: Principal,
): WindowCheck[] {
  const windows = new Map<string, WindowCheck & { specific: boolean }>();
  for (const limit of limits) {
    const specific = limit.principal !== undefined;
    for (const who of subjects(limit, principal)) {
      const name = `${endpointId}:${limit.key}:${who}`;
      const seen = windows.get(name);
      if (seen?.specific && !specific) continue;
      // Two limits at the same level both hold: keep the stricter of each budget.
      const same = seen?.specific === specific ? seen : undefined;
      windows.set(name, {
        name,
        describes:
          limit.key === 'endpoint' ? 'the endpoint' : `${limit.key.replace('_', ' ')} ${who}`,
        calls: min(same?.calls, limit.calls),
        tokens: min(same?.tokens, limit.tokens),
        specific,
      });
    }
  }
  return [...windows.values()].map(({ specific: _, ...window }) => window);
}

function subjects(limit: RateLimit, principal: Principal): string[] {
  switch (limit.key) {
    case 'endpoint':
      return ['*'];
    case 'user':
    case 'service_principal':
      if (principal.type !== limit.key) return [];
      return limit.principal === undefined || limit.principal === principal.name
        ? [principal.name]
        : [];
    case 'user_group':
      return limit.principal === undefined
        ? principal.groups
        : principal.groups.filter((g) => g === limit.principal);
  }
}

const min = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : Math.min(a, b);

/**
 * Admits the request against every applicable window or throws: 429 with Retry-After when a
 * budget is spent, 503 when a limiter cannot be reached (unless RATE_LIMIT_FAILURE_MODE is "open").
 * Admitted windows with a token budget are charged when the usage row is finished.
 */
export async function enforceRateLimits(
  env: Env,
  live: LiveEndpoint,
  principal: Principal,
  recorder: UsageRecorder,
): Promise<void> {
  const limits = live.record.ai_gateway.rate_limits;
  if (!limits?.length) return;
  const windows = windowsFor(live.record.id, limits, principal);
  if (windows.length === 0) return;
  const stubs = windows.map((w) => env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(w.name)));
  const results = await Promise.allSettled(
    stubs.map((stub, i) =>
      withTimeout(stub.admit({ calls: windows[i].calls, tokens: windows[i].tokens }, WINDOW_MS)),
    ),
  );

  const refused = results.findIndex((r) => r.status === 'fulfilled' && !r.value.allowed);
  const unreachable = results.some((r) => r.status === 'rejected');
  const failOpen = env.RATE_LIMIT_FAILURE_MODE === 'open';
  if (refused >= 0 || (unreachable && !failOpen)) {
    // Awaited: only refusals pay for it, and the next request then sees the call given back.
    await Promise.allSettled(
      results.map((r, i) =>
        r.status === 'fulfilled' && r.value.allowed
          ? stubs[i].refund(r.value.windowStart)
          : undefined,
      ),
    );
  }
  if (refused >= 0)
    throw tooManyRequests(
      live.record.name,
      windows[refused],
      (results[refused] as PromiseFulfilledResult<Admission>).value,
    );
  if (unreachable) {
    const reason = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!.reason;
    console.error('rate limiter unreachable', live.record.name, String(reason));
    if (!failOpen)
      throw new GatewayError({
        status: 503,
        message: 'The rate limiter is unavailable; try again shortly.',
        code: 'rate_limiter_unavailable',
        retryAfter: '1',
      });
  }

  const charged = stubs.filter(
    (_, i) => windows[i].tokens !== undefined && results[i].status === 'fulfilled',
  );
  if (charged.length) {
    recorder.onFinish(async (row) => {
      await Promise.allSettled(charged.map((stub) => stub.charge(row.total_tokens, WINDOW_MS)));
    });
  }
}

function tooManyRequests(
  endpoint: string,
  window: WindowCheck,
  admission: Admission,
): GatewayError {
  const seconds = Math.max(1, Math.ceil(admission.retryAfterMs / 1000));
  const budget =
    admission.exhausted === 'tokens' ? `${window.tokens} tokens` : `${window.calls} calls`;
  return new GatewayError({
    status: 429,
    message: `Rate limit exceeded on serving endpoint '${endpoint}': ${budget} per minute for ${window.describes}. Retry in ${seconds} s.`,
    code: 'rate_limit_exceeded',
    retryAfter: String(seconds),
  });
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${LIMITER_TIMEOUT_MS} ms`)),
      LIMITER_TIMEOUT_MS,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

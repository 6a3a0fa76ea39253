import { app } from './app';
import type { Env } from './env';
import { consumeUsageEvents } from './events/consumer';
import { consumeDeadLetters, isDeadLetterQueue } from './events/dead-letter';

export { RateLimiter } from './gateway/rate-limiter-object';

export default {
  fetch: app.fetch,
  queue: (batch, env) =>
    isDeadLetterQueue(batch.queue)
      ? consumeDeadLetters(batch, env)
      : consumeUsageEvents(batch, env),
} satisfies ExportedHandler<Env, ArrayBuffer>;

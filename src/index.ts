import { app } from './app';
import type { Env } from './env';

export { RateLimiter } from './gateway/rate-limiter-object';

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;

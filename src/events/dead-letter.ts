import type { Env } from '../env';

// Messages the usage consumer could not process after all its retries arrive on the dead-letter
// queue (wrangler.toml: dead_letter_queue), and malformed ones are sent here straight away. They
// are kept in R2 under dead-letter/ as they came, so nothing is dropped silently: an operator can
// inspect them and replay them with POST /api/2.0/ai-gateway/usage/dead-letters/replay.

export const DEAD_LETTER_PREFIX = 'dead-letter/';

/** A queue whose name ends in -dlq is a dead-letter queue. */
export const isDeadLetterQueue = (queue: string) => queue.endsWith('-dlq');

export async function keepDeadLetter(
  env: Env,
  message: Message<ArrayBuffer>,
  reason: string,
): Promise<void> {
  const date = new Date(message.timestamp).toISOString().slice(0, 10);
  console.error('usage message dead-lettered', message.id, reason);
  await env.ARCHIVE.put(`${DEAD_LETTER_PREFIX}date=${date}/${message.id}.bin`, message.body, {
    customMetadata: { reason: reason.slice(0, 500), attempts: String(message.attempts) },
  });
}

/** The dead-letter queue's consumer: each message into R2, then acknowledged. */
export async function consumeDeadLetters(
  batch: MessageBatch<ArrayBuffer>,
  env: Env,
): Promise<void> {
  await Promise.all(
    batch.messages.map(async (message) => {
      try {
        await keepDeadLetter(
          env,
          message,
          `failed ${message.attempts} deliveries on ${batch.queue}`,
        );
        message.ack();
      } catch (err) {
        console.error('dead letter not kept', message.id, String(err));
        message.retry({ delaySeconds: 60 });
      }
    }),
  );
}

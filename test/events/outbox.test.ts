import { env } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { decodeMessage, MESSAGE_BYTES } from '../../src/events/messages';
import { enqueueEvents } from '../../src/events/outbox';
import { requestContext } from '../helpers/execution-context';
import { usageRow } from '../helpers/usage-rows';

// The request side of the usage pipeline: finished requests leave their events in the isolate's
// outbox and the queue sees a few shared messages, never one call per request.

/** A queue binding recording each sendBatch; the first `failures` calls throw. */
function recordingQueue(failures = 0) {
  const calls: Uint8Array[][] = [];
  const queue = {
    async sendBatch(messages: Iterable<MessageSendRequest<Uint8Array>>) {
      const bodies = [...messages].map((m) => m.body);
      calls.push(bodies);
      if (calls.length <= failures) throw new Error('queue unavailable');
    },
  } as unknown as Queue<Uint8Array>;
  return { queue, calls };
}

const rowsIn = (calls: Uint8Array[][]) =>
  calls.flat().flatMap((bytes) => {
    const m = decodeMessage(bytes);
    return m.kind === 'bundle' ? m.body.usage.map((r) => r.request_id) : [];
  });

describe('usage outbox', () => {
  it('sends the events of many requests that end within one window as one message', async () => {
    const { queue, calls } = recordingQueue();
    const bindings = { ...env, USAGE_QUEUE: queue, USAGE_BATCH_WINDOW_MS: '50' };
    const requests = Array.from({ length: 50 }, () => requestContext());
    const ids = requests.map(({ ctx }) => {
      const row = usageRow({});
      enqueueEvents(bindings, ctx, { usage: row });
      return row.request_id;
    });
    // Only the request that opened the window waits; the others are done at once.
    await Promise.all(requests.map((r) => r.settled()));
    expect(calls).toHaveLength(1);
    expect(calls[0]).toHaveLength(1);
    expect(rowsIn(calls).sort()).toEqual(ids.sort());
  });

  it('sends a window as soon as it fills a message, and each event once', async () => {
    const { queue, calls } = recordingQueue();
    const bindings = { ...env, USAGE_QUEUE: queue, USAGE_BATCH_WINDOW_MS: '50' };
    const big = { note: 'x'.repeat(4000) };
    const perMessage = Math.floor(MESSAGE_BYTES / 4300);
    const requests = Array.from({ length: perMessage + 5 }, () => requestContext());
    const ids = requests.map(({ ctx }) => {
      const row = usageRow({ request_tags: big });
      enqueueEvents(bindings, ctx, { usage: row });
      return row.request_id;
    });
    // The request that filled the message sent it before the window closed.
    expect(calls.length).toBe(1);
    await Promise.all(requests.map((r) => r.settled()));
    expect(calls.flat().every((m) => m.length <= MESSAGE_BYTES + 200)).toBe(true);
    expect(rowsIn(calls).sort()).toEqual(ids.sort());
  });

  it('packs a window that fills into exactly one message, never a full one and a sliver', async () => {
    const { queue, calls } = recordingQueue();
    const bindings = { ...env, USAGE_QUEUE: queue, USAGE_BATCH_WINDOW_MS: '50' };
    const requests = Array.from({ length: 1000 }, () => requestContext());
    const rowBytes = JSON.stringify(usageRow({})).length;
    for (const { ctx } of requests) enqueueEvents(bindings, ctx, { usage: usageRow({}) });
    await Promise.all(requests.map((r) => r.settled()));
    const messages = calls.flat();
    // Each window is one sendBatch of one message; every message but the last is full.
    expect(calls.every((call) => call.length === 1)).toBe(true);
    expect(messages.slice(0, -1).every((m) => m.length > MESSAGE_BYTES - 2 * rowBytes)).toBe(true);
    expect(rowsIn(calls)).toHaveLength(1000);
  });

  it('retries a failed send with backoff, and says so loudly when the queue stays down', async () => {
    const flaky = recordingQueue(2);
    const row = usageRow({});
    const first = requestContext();
    enqueueEvents({ ...env, USAGE_QUEUE: flaky.queue, USAGE_BATCH_WINDOW_MS: '0' }, first.ctx, {
      usage: row,
    });
    await first.settled();
    expect(flaky.calls).toHaveLength(3);
    expect(rowsIn(flaky.calls.slice(2))).toEqual([row.request_id]);

    const down = recordingQueue(99);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const second = requestContext();
    enqueueEvents({ ...env, USAGE_QUEUE: down.queue, USAGE_BATCH_WINDOW_MS: '0' }, second.ctx, {
      usage: usageRow({}),
    });
    await expect(second.settled()).resolves.toBeDefined();
    expect(down.calls).toHaveLength(3);
    expect(errors).toHaveBeenCalledWith(
      'usage events not queued',
      1,
      'messages',
      'Error: queue unavailable',
    );
    errors.mockRestore();
  });
});

// Writes still under way in this isolate, by key: a client that sends its next turn the moment
// the previous one ends must find what that turn stored (read-your-writes), though the write
// runs after the answer.

export class PendingWrites {
  private readonly pending = new Map<string, Promise<unknown>>();

  /** Tracks `write` under each key until it settles; returns it unchanged. */
  track<T>(keys: string[], write: Promise<T>): Promise<T> {
    const settled = write.catch(() => {});
    for (const key of keys) this.pending.set(key, settled);
    void settled.then(() => {
      for (const key of keys) if (this.pending.get(key) === settled) this.pending.delete(key);
    });
    return write;
  }

  /** Waits for the writes under way for these keys (none: resolves at once). */
  async settled(keys: string[]): Promise<void> {
    const waiting = keys.map((k) => this.pending.get(k)).filter((p) => p !== undefined);
    if (waiting.length) await Promise.all(waiting);
  }
}

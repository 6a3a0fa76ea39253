/** An ExecutionContext for calling gateway code directly: `settled()` awaits what it was handed. */
export function requestContext() {
  const pending: Promise<unknown>[] = [];
  const ctx = {
    waitUntil: (p: Promise<unknown>) => pending.push(p),
    passThroughOnException() {},
    props: {},
  } as unknown as ExecutionContext;
  return { ctx, settled: () => Promise.all(pending) };
}

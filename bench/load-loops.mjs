// The load every bench script drives: a fixed number of async loops, each sending its next request
// as soon as the last one is answered, for a fixed time.

/** `loops` loops calling `request` back to back until `ms` have passed; how many calls finished. */
export async function loopFor(ms, loops, request) {
  const until = performance.now() + ms;
  let count = 0;
  await Promise.all(
    Array.from({ length: loops }, async () => {
      while (performance.now() < until) {
        await request();
        count++;
      }
    }),
  );
  return count;
}

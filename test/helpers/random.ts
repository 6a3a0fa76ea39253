/** A deterministic pseudo-random source (xorshift32): `next(below)` is in [0, below). A failure names its seed. */
export function random(seed: number) {
  let state = seed >>> 0 || 1;
  return (below: number) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % below;
  };
}

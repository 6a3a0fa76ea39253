import type { ServedEntity } from '../config/served-entity';

// Which served entity answers: the one holding the state a request continues, else
// traffic_config percentages pick the first; the rest follow in config order as fallbacks.

export function entityOrder(
  entities: ServedEntity[],
  random = Math.random(),
  preferred?: string,
): ServedEntity[] {
  const held = preferred === undefined ? undefined : entities.find((e) => e.name === preferred);
  if (held) return [held, ...entities.filter((e) => e !== held)];
  const total = entities.reduce((s, e) => s + e.trafficPercentage, 0);
  let chosen = entities[0];
  if (total > 0) {
    let point = random * total;
    for (const e of entities) {
      if (e.trafficPercentage <= 0) continue;
      chosen = e;
      point -= e.trafficPercentage;
      if (point < 0) break;
    }
  }
  return [chosen, ...entities.filter((e) => e !== chosen)];
}

/** Upstream failures another served entity might not have: throttling, server errors, timeouts. */
export function shouldFallBack(status: number, upstreamStatus: number | undefined): boolean {
  const s = upstreamStatus ?? status;
  return s === 429 || s >= 500 || status === 504;
}
